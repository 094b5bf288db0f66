using DrService.Testing;

namespace DrService.Tests.Storage;

/// <summary>One throwaway PostgreSQL server shared by every test class of the collection; each test makes its own database.</summary>
[CollectionDefinition(PostgresFixture.Collection)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>;
