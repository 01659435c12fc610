namespace TrainingJobs.Sdk.AzureML.Mapping;

/// <summary>
/// YAML spellings ↔ wire spellings of the service's enumerations. Unknown values pass through unchanged both
/// ways, so a value newer than this SDK is sent and read back as it is.
/// </summary>
internal static class WireNames
{
    private static readonly (string Yaml, string Wire)[] InputModes =
    [
        ("ro_mount", "ReadOnlyMount"), ("rw_mount", "ReadWriteMount"), ("download", "Download"),
        ("direct", "Direct"), ("eval_mount", "EvalMount"), ("eval_download", "EvalDownload"),
    ];

    // "mount" is an older YAML spelling of rw_mount for outputs; it is sent as ReadWriteMount.
    private static readonly (string Yaml, string Wire)[] OutputModes =
    [
        ("rw_mount", "ReadWriteMount"), ("upload", "Upload"), ("direct", "Direct"), ("mount", "ReadWriteMount"),
    ];

    private static readonly (string Yaml, string Wire)[] ServiceTypes =
    [
        ("jupyter_lab", "JupyterLab"), ("ssh", "SSH"), ("tensor_board", "TensorBoard"), ("vs_code", "VSCode"), ("custom", "Custom"),
    ];

    private static readonly (string Yaml, string Wire)[] JobTiers =
    [
        ("null", "Null"), ("spot", "Spot"), ("basic", "Basic"), ("standard", "Standard"), ("premium", "Premium"),
    ];

    private static readonly (string Yaml, string Wire)[] Goals = [("maximize", "Maximize"), ("minimize", "Minimize")];

    private static readonly (string Yaml, string Wire)[] RandomRules = [("random", "Random"), ("sobol", "Sobol")];

    public static string InputModeToWire(string yaml) => ToWire(InputModes, yaml);

    public static string InputModeFromWire(string wire) => FromWire(InputModes, wire);

    public static string OutputModeToWire(string yaml) => ToWire(OutputModes, yaml);

    public static string OutputModeFromWire(string wire) => FromWire(OutputModes, wire);

    public static string ServiceTypeToWire(string yaml) => ToWire(ServiceTypes, yaml);

    public static string ServiceTypeFromWire(string wire) => FromWire(ServiceTypes, wire);

    public static string JobTierToWire(string yaml) => ToWire(JobTiers, yaml);

    public static string JobTierFromWire(string wire) => FromWire(JobTiers, wire);

    public static string GoalToWire(string yaml) => ToWire(Goals, yaml);

    public static string GoalFromWire(string wire) => FromWire(Goals, wire);

    public static string RandomRuleToWire(string yaml) => ToWire(RandomRules, yaml);

    public static string RandomRuleFromWire(string wire) => FromWire(RandomRules, wire);

    private static string ToWire((string Yaml, string Wire)[] table, string yaml)
    {
        foreach (var (y, w) in table)
        {
            if (string.Equals(y, yaml, StringComparison.OrdinalIgnoreCase) || string.Equals(w, yaml, StringComparison.OrdinalIgnoreCase)) return w;
        }
        return yaml;
    }

    private static string FromWire((string Yaml, string Wire)[] table, string wire)
    {
        foreach (var (y, w) in table)
        {
            if (string.Equals(w, wire, StringComparison.OrdinalIgnoreCase)) return y;
        }
        return wire;
    }
}
