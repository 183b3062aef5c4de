namespace Klantmeting.Infrastructure;

/// <summary>The one way a feature binds its settings, so every section is checked the same way.</summary>
public static class SettingsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to configuration section <paramref name="section"/> and checks its data
    /// annotations (and <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>) at start-up, so a
    /// wrong setting stops the host instead of failing at first use.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
