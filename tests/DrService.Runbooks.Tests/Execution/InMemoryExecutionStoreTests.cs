using DrService.Runbooks.Execution;
using DrService.Testing.Runbooks;

namespace DrService.Runbooks.Tests.Execution;

/// <summary>The in-memory store against the shared store contract.</summary>
public sealed class InMemoryExecutionStoreTests : ExecutionStoreContractTests
{
    protected override Task<IExecutionStore> CreateStoreAsync(TimeProvider time) => Task.FromResult<IExecutionStore>(new InMemoryExecutionStore(time));
}
