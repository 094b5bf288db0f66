namespace DrService.Configuration;

/// <summary>The rules of the Pricing and Advisor sections: no negative price, no negative step estimate.</summary>
public sealed partial class DrOptionsValidator
{
    private static void ValidatePricing(PricingOptions pricing, AdvisorOptions advisor, Errors errors)
    {
        const string path = Root + ":" + nameof(DrOptions.Pricing);
        foreach (var (name, price) in new[]
        {
            (nameof(pricing.EbsSnapshotGbMonth), pricing.EbsSnapshotGbMonth),
            (nameof(pricing.RdsSnapshotGbMonth), pricing.RdsSnapshotGbMonth),
            (nameof(pricing.EbsVolumeGbMonth), pricing.EbsVolumeGbMonth),
            (nameof(pricing.RdsStorageGbMonth), pricing.RdsStorageGbMonth),
            (nameof(pricing.S3StorageGbMonth), pricing.S3StorageGbMonth),
            (nameof(pricing.CrossRegionTransferGb), pricing.CrossRegionTransferGb),
        })
        {
            MustNotBeNegative(price, $"{path}:{name}", errors);
        }
        foreach (var (type, price) in pricing.InstanceHour)
        {
            MustNotBeNegative(price, $"{path}:{nameof(pricing.InstanceHour)}:{type}", errors);
        }
        foreach (var (type, price) in pricing.DbInstanceHour)
        {
            MustNotBeNegative(price, $"{path}:{nameof(pricing.DbInstanceHour)}:{type}", errors);
        }
        foreach (var (action, estimate) in advisor.StepEstimates)
        {
            if (estimate < TimeSpan.Zero)
            {
                errors.Add($"{Root}:{nameof(DrOptions.Advisor)}:{nameof(advisor.StepEstimates)}:{action}",
                    $"must not be negative (was {AnnotationValidator.Describe(estimate)})");
            }
        }
    }

    private static void MustNotBeNegative(decimal price, string path, Errors errors)
    {
        if (price < 0)
        {
            errors.Add(path, $"must not be negative (was {price.ToString(System.Globalization.CultureInfo.InvariantCulture)})");
        }
    }
}
