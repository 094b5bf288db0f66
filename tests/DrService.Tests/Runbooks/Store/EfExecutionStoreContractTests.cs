using DrService.Runbooks.Execution;
using DrService.Runbooks.Store;
using DrService.Storage;
using DrService.Testing;
using DrService.Testing.Runbooks;
using DrService.Tests.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Tests.Runbooks.Store;

/// <summary>The engine's store contract, run against <see cref="EfExecutionStore"/> on each provider.</summary>
public abstract class EfExecutionStoreContractTests : ExecutionStoreContractTests, IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];
    private TestDatabase? _database;

    private protected abstract Task<TestDatabase> CreateEmptyDatabaseAsync();

    protected override async Task<IExecutionStore> CreateStoreAsync(TimeProvider time)
    {
        _database ??= await CreateEmptyDatabaseAsync();
        var services = _database.BuildServices(time);
        _owned.Add(services);
        await services.MigrateDrDatabaseAsync();
        return new EfExecutionStore(services.GetRequiredService<IDbContextFactory<DrDbContext>>(), time);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
        _database?.Dispose();
    }
}

public sealed class SqliteEfExecutionStoreContractTests : EfExecutionStoreContractTests
{
    private protected override Task<TestDatabase> CreateEmptyDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

[Collection(PostgresFixture.Collection)]
public sealed class PostgresEfExecutionStoreContractTests(PostgresFixture postgres) : EfExecutionStoreContractTests
{
    private protected override Task<TestDatabase> CreateEmptyDatabaseAsync() => TestDatabase.PostgresAsync(postgres.Server);
}
