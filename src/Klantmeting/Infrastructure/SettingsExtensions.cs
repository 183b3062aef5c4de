using System.Reflection;

namespace Klantmeting.Infrastructure;

/// <summary>The one way a feature binds its settings, so every section is checked the same way.</summary>
public static class SettingsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to configuration section <paramref name="section"/> and checks its data
    /// annotations (and <see cref="IValidatableObject"/>) at start-up, so a wrong setting stops the host instead of
    /// failing at first use. The messages are Dutch and name the setting as it is configured (<c>Section:Name</c>).
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new DataAnnotationSettingsValidation<T>(section));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }
}

/// <summary>
/// The checks of <c>ValidateDataAnnotations</c> (every attribute of every public property; then, when those pass,
/// <see cref="IValidatableObject"/>), with Dutch messages for the attributes the settings use (Required, Range,
/// MinLength, Url); any other attribute keeps its own message.
/// </summary>
internal sealed class DataAnnotationSettingsValidation<T>(string section) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = new List<string>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attributes = property.GetCustomAttributes<ValidationAttribute>(inherit: true).ToList();
            if (attributes.Count == 0 || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var value = property.GetValue(options);
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = property.Name };
            foreach (var attribute in attributes)
            {
                if (attribute.GetValidationResult(value, context) is { } failed)
                {
                    failures.Add(Dutch(attribute, $"{section}:{property.Name}", value) ?? failed.ErrorMessage ?? $"{section}:{property.Name} is ongeldig.");
                }
            }
        }

        if (failures.Count == 0 && options is IValidatableObject validatable)
        {
            failures.AddRange(validatable.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage ?? $"{section}: ongeldige instelling"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? Dutch(ValidationAttribute attribute, string setting, object? value) => attribute switch
    {
        RequiredAttribute => $"{setting} is verplicht en ontbreekt (of is leeg).",
        RangeAttribute range => $"{setting} moet tussen {Text(range.Minimum)} en {Text(range.Maximum)} liggen (nu: {Text(value)}).",
        MinLengthAttribute min => $"{setting} moet minstens {min.Length} tekens lang zijn (nu: '{Text(value)}').",
        UrlAttribute => $"{setting} moet een volledig webadres zijn dat met http:// of https:// begint (nu: '{Text(value)}').",
        _ => null,
    };

    private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
