using DrService.Advisor;
using DrService.Configuration;

namespace DrService.Tests.Advisor;

/// <summary>
/// A fixed application and price table: one 100 GB volume, two t3.large instances with 20 GB images, one
/// db.m5.large with 200 GB, daily copies taking 30 minutes, a one-minute replica lag, ten retained copies.
/// </summary>
internal sealed class AdvisorInputBuilder
{
    public const string App = "shop";

    private readonly List<InstanceSize> _instances =
    [
        new("i-0001", "t3.large", 20, EstateSizeReader.FromDrCopy),
        new("i-0002", "t3.large", 20, EstateSizeReader.FromDrCopy),
    ];

    private readonly List<MeasuredRecovery> _measurements = [];
    private TimeSpan _rto = TimeSpan.FromHours(4);
    private TimeSpan _rpo = TimeSpan.FromDays(2);

    public static PricingOptions Prices() => new()
    {
        EbsSnapshotGbMonth = 0.05m,
        RdsSnapshotGbMonth = 0.1m,
        EbsVolumeGbMonth = 0.1m,
        RdsStorageGbMonth = 0.1m,
        S3StorageGbMonth = 0.02m,
        CrossRegionTransferGb = 0.02m,
        InstanceHour = new(StringComparer.Ordinal) { ["t3.large"] = 0.1m },
        DbInstanceHour = new(StringComparer.Ordinal) { ["db.m5.large"] = 0.2m },
        HoursPerMonth = 730,
        SnapshotDailyChangeRate = 0.1,
        DatabaseMonthlyChangeRate = 0.3,
        WarmStandbyFleetFraction = 0.5,
        PilotLightInstances = 1,
    };

    public static AdvisorInputBuilder For() => new();

    public AdvisorInputBuilder WithTargets(TimeSpan rto, TimeSpan rpo)
    {
        _rto = rto;
        _rpo = rpo;
        return this;
    }

    public AdvisorInputBuilder WithInstanceTypes(params string[] types)
    {
        _instances.Clear();
        _instances.AddRange(types.Select((t, i) => new InstanceSize($"i-{i:0000}", t, 20, EstateSizeReader.FromDrCopy)));
        return this;
    }

    public AdvisorInputBuilder WithMeasurement(ApplicationTier tier, TimeSpan rto, TimeSpan? rpo, DateTimeOffset at, string executionId)
    {
        _measurements.Add(new MeasuredRecovery(App, $"{tier}-failover", tier.ToString(), rto, rpo, at, executionId));
        return this;
    }

    public AdvisorInputs Build()
    {
        var app = new ApplicationOptions { Tier = ApplicationTier.B, Rto = _rto, Rpo = _rpo };
        app.Resources.Volumes = new ResourceSelector { Ids = ["vol-1"] };
        app.Resources.Instances = new ResourceSelector { Ids = [.. _instances.Select(i => i.InstanceId)] };
        app.Resources.DbInstances = new ResourceSelector { Ids = ["shop-db"] };
        var sizes = new ApplicationSizes(App,
            [new VolumeSize("vol-1", 100, EstateSizeReader.FromDrCopy)],
            [.. _instances],
            [new DatabaseSize("shop-db", "db.m5.large", 200, 200)],
            [], [], 0, [], DateTimeOffset.UnixEpoch);
        return new AdvisorInputs(App, app, sizes, TimeSpan.FromDays(1),
            new SourcedDuration(TimeSpan.FromMinutes(30), "estimate"),
            new SourcedDuration(TimeSpan.FromMinutes(1), "estimate"),
            new SourcedDuration(TimeSpan.FromMinutes(15), "estimate"),
            10, [.. _measurements]);
    }

    public ApplicationAdvice Evaluate() =>
        AdvisorCalculator.Evaluate(Build(), Prices(), new AdvisorOptions(), new BuiltInRunbookShapes(), DateTimeOffset.UnixEpoch);
}
