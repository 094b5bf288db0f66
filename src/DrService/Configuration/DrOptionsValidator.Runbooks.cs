namespace DrService.Configuration;

public sealed partial class DrOptionsValidator
{
    private static void ValidateRunbooks(RunbooksOptions runbooks, Errors errors)
    {
        const string path = Root + ":" + nameof(DrOptions.Runbooks);
        if (runbooks.LeaseDuration < runbooks.PollInterval * 2)
        {
            errors.Add($"{path}:{nameof(runbooks.LeaseDuration)}", $"must be at least twice PollInterval ({AnnotationValidator.Describe(runbooks.PollInterval)}) so that the owner renews it in time");
        }
        if (runbooks.Directory is not null && string.IsNullOrWhiteSpace(runbooks.Directory))
        {
            errors.Add($"{path}:{nameof(runbooks.Directory)}", "must be a folder path or null");
        }
    }
}
