using DrService.Aws.Rds;
using DrService.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Aws.Tests.Rds;

/// <summary>A test class against moto: moto reset when the class starts, the RDS client as the host registers it.</summary>
public abstract class RdsMotoTestBase(MotoFixture moto) : IAsyncLifetime
{
    protected const string Primary = "us-east-1";
    protected const string Dr = "us-west-2";

    protected Uri MotoEndpoint => moto.Endpoint;

    protected AwsTestHost Host { get; private set; } = null!;

    protected RdsClient Rds { get; private set; } = null!;

    protected static CancellationToken Ct => CancellationToken.None;

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        Host = new AwsTestHost(moto.Endpoint);
        Rds = (RdsClient)Host.Services.GetRequiredService<IRdsClient>();
    }

    public Task DisposeAsync()
    {
        Host.Dispose();
        return Task.CompletedTask;
    }

    protected static Dictionary<string, string> Owned(string app, string sourceId) => new(StringComparer.Ordinal)
    {
        ["dr:managed-by"] = "drservice",
        ["dr:app"] = app,
        ["dr:source-id"] = sourceId,
        ["dr:source-region"] = Primary,
    };

    protected Task<DbInstance> CreatePostgresAsync(string region, string id, IReadOnlyDictionary<string, string>? tags = null) =>
        Rds.CreateDBInstanceAsync(region, new DbInstanceCreate(id, "db.t3.micro", "postgres", "admin", "secret-password-1", 20, tags), cancellationToken: Ct);
}
