using System.ComponentModel.DataAnnotations;

namespace DrService.Configuration;

/// <summary>The <c>DrService:Regions</c> section.</summary>
public sealed class RegionsOptions
{
    /// <summary>The AWS region production runs in (the copy source), such as <c>us-east-1</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Primary { get; set; } = "us-east-1";

    /// <summary>The AWS region DrService runs in and copies to, such as <c>us-west-2</c>.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Dr { get; set; } = "us-west-2";
}
