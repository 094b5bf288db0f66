namespace DrService.Testing;

/// <summary>
/// The collection fixture for every test class that talks to moto server: one server per test assembly run, reset
/// whenever a new test class starts using it (call <see cref="BeginClassAsync"/> from the class's InitializeAsync).
/// Classes in the collection run one after another, so a reset never pulls state from under another class.
/// xunit discovers collection definitions per test assembly, so each test project declares
/// <c>[CollectionDefinition(MotoFixture.Collection)] public sealed class MotoCollection : ICollectionFixture&lt;MotoFixture&gt;;</c>.
/// </summary>
public sealed class MotoFixture : IAsyncLifetime
{
    public const string Collection = "moto";

    private Type? _lastClass;

    public MotoServer Server { get; private set; } = null!;

    public Uri Endpoint => Server.Endpoint;

    public async Task InitializeAsync() => Server = await MotoServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }

    /// <summary>Resets moto server when <paramref name="testClass"/> differs from the class that used it last.</summary>
    public async Task BeginClassAsync(Type testClass)
    {
        if (_lastClass != testClass)
        {
            await Server.ResetAsync();
            _lastClass = testClass;
        }
    }
}
