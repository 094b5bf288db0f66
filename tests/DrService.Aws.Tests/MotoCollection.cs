using DrService.Testing;

namespace DrService.Aws.Tests;

[CollectionDefinition(MotoFixture.Collection)]
public sealed class MotoCollection : ICollectionFixture<MotoFixture>;
