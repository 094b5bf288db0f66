namespace DrService.Aws.Route53;

/// <summary>A submitted change. <see cref="Id"/> is the bare id (<c>C123</c>); <see cref="Status"/> PENDING or INSYNC.</summary>
public sealed record ChangeInfo(string Id, string Status, DateTimeOffset SubmittedAt)
{
    public const string Pending = "PENDING";
    public const string InSync = "INSYNC";

    public string? Comment { get; init; }

    public bool IsInSync => Status == InSync;
}
