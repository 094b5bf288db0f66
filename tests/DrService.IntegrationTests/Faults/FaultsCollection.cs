using DrService.Testing;

namespace DrService.IntegrationTests.Faults;

/// <summary>
/// The fault and high-availability tests: one moto server for all of them (each test makes its own uniquely named
/// application and estate, so none needs a reset), one test at a time (the in-process services share Quartz's
/// process-wide scheduler registry, and the 2-core machine is better spent on one service at a time).
/// </summary>
[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<MotoFixture>
{
    public const string Name = "faults";
}
