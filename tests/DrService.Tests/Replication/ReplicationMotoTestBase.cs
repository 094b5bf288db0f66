using DrService.Aws.CloudWatch;
using DrService.Aws.Rds;
using DrService.Replication;
using DrService.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DrService.Tests.Replication;

/// <summary>
/// A replication watch test class against moto server: moto reset when the class starts, the AWS layer as the host
/// wires it, a fake clock set to the wall clock once (moto stamps objects with real time) and never advanced by sleeping.
/// Tests share the class's moto state: each names its own instances and buckets.
/// </summary>
public abstract class ReplicationMotoTestBase(MotoFixture moto) : IAsyncLifetime
{
    protected const string Primary = "us-east-1";
    protected const string Dr = "us-west-2";

    protected static CancellationToken Ct => CancellationToken.None;

    protected AwsTestHost Host { get; private set; } = null!;

    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected IRdsClient Rds => Host.Services.GetRequiredService<IRdsClient>();

    protected ICloudWatchClient CloudWatch => Host.Services.GetRequiredService<ICloudWatchClient>();

    public async Task InitializeAsync()
    {
        await moto.BeginClassAsync(GetType());
        Host = new AwsTestHost(moto.Endpoint, timeProvider: Clock);
    }

    public Task DisposeAsync()
    {
        Host.Dispose();
        return Task.CompletedTask;
    }

    protected RdsReplicaMonitor ReplicaMonitor() =>
        new(Rds, CloudWatch, Clock, NullLogger<RdsReplicaMonitor>.Instance);

    protected S3ReplicationMonitor S3Monitor() =>
        new(Host.Clients, CloudWatch, Clock, NullLogger<S3ReplicationMonitor>.Instance);
}
