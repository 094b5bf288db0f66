namespace DrService.Backups.Drivers;

/// <summary>
/// A refusal of an RDS artifact driver that is not an AWS answer: the engine records <see cref="Code"/> for the
/// resource and retries only when <see cref="IsRetryable"/> (none of these codes is: each needs a person).
/// </summary>
public sealed class RdsDriverException : Exception
{
    /// <summary>An encrypted source cannot be copied to another region without a KMS key of that region.</summary>
    public const string KmsKeyRequired = "KmsKeyRequired";

    /// <summary>Deleting (or adopting) an artifact without the ownership tag dr:managed-by=drservice was refused.</summary>
    public const string NotOwned = "NotOwned";

    /// <summary>The copy's deterministic identifier is taken by a snapshot DrService does not own or that copies something else.</summary>
    public const string CopyTargetConflict = "CopyTargetConflict";

    /// <summary>A DB snapshot with a non-default option group has no DR-region option group mapped (Backup:OptionGroups).</summary>
    public const string OptionGroupRequired = "OptionGroupRequired";

    public RdsDriverException(string code, string message, string? configurationKey = null, bool isRetryable = false)
        : base(message)
    {
        Code = code;
        ConfigurationKey = configurationKey;
        IsRetryable = isRetryable;
    }

    public RdsDriverException()
        : this("Unknown", "RDS artifact driver failure")
    {
    }

    public RdsDriverException(string message)
        : this("Unknown", message)
    {
    }

    public RdsDriverException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "Unknown";
    }

    /// <summary>A stable code (<see cref="KmsKeyRequired"/>, <see cref="NotOwned"/>, <see cref="CopyTargetConflict"/>).</summary>
    public string Code { get; }

    /// <summary>The configuration key that fixes the problem, when one does (such as <c>DrService:Applications:orders:Backup:KmsKeyId</c>).</summary>
    public string? ConfigurationKey { get; }

    public bool IsRetryable { get; }
}
