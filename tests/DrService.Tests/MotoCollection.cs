using DrService.Testing;

namespace DrService.Tests;

[CollectionDefinition(MotoFixture.Collection)]
public sealed class MotoCollection : ICollectionFixture<MotoFixture>;
