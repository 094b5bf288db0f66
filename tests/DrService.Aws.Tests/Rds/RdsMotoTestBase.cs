using System.Collections.Concurrent;
using DrService.Aws.Protocol;
using DrService.Aws.Rds;
using DrService.Aws.Tests.Models;
using DrService.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DrService.Aws.Tests.Rds;

/// <summary>
/// A test class against moto: moto reset when the class starts, the RDS client as the host registers it. Every request
/// a test sends is checked against botocore's rds model when the test ends (an unknown name fails the test).
/// </summary>
public abstract class RdsMotoTestBase(MotoFixture moto) : IAsyncLifetime
{
    protected const string Primary = "us-east-1";
    protected const string Dr = "us-west-2";

    private readonly ConcurrentQueue<QueryRequest> _sent = new();

    protected Uri MotoEndpoint => moto.Endpoint;

    protected AwsTestHost Host { get; private set; } = null!;

    protected RdsClient Rds { get; private set; } = null!;

    protected static CancellationToken Ct => CancellationToken.None;

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        Host = new AwsTestHost(moto.Endpoint);
        Rds = (RdsClient)Host.Services.GetRequiredService<IRdsClient>();
        Rds.RequestObserver = _sent.Enqueue;
    }

    public async Task DisposeAsync()
    {
        Host.Dispose();
        var model = await BotocoreModel.LoadAsync("rds", "2014-10-31");
        var unknown = model.UnknownNames(_sent);
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"not in botocore's rds model: {string.Join(", ", unknown)}");
        }
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
