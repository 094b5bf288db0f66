using DrService.Testing;

namespace DrService.Tests.Backups.Engine;

/// <summary>What every engine test class shares: moto reset per class, a fresh engine host and its estate seeder.</summary>
public abstract class EngineTestBase(MotoFixture moto) : IAsyncLifetime
{
    private protected EngineTestHost Host { get; private set; } = null!;

    private protected EngineEstate Estate { get; private set; } = null!;

    private protected MotoFixture Moto { get; } = moto;

    public async Task InitializeAsync()
    {
        await Moto.BeginClassAsync(GetType());
        Host = await EngineTestHost.StartAsync(Moto.Endpoint);
        Estate = new EngineEstate(Host);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
