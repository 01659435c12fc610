using TrainingJobs.Sdk.Local.Supervision;

namespace TrainingJobs.Sdk.Tests.Local;

/// <summary>
/// Where the local backend finds its supervisor: the option, then $TRAININGJOBS_SUPERVISOR, then the native one for
/// this runtime in trainingjobs-supervisor/native/&lt;rid&gt;/, then the JIT one next to the app (project reference),
/// then the app's trainingjobs-supervisor/ folder (package reference). A path given
/// explicitly that does not exist fails instead of falling back.
/// </summary>
public class SupervisorLocationTests
{
    private string _app = "";

    [SetUp]
    public void CreateAppFolder()
    {
        _app = Path.Combine(Path.GetTempPath(), "tj-supervisor-location-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_app);
    }

    [TearDown]
    public void DeleteAppFolder() => Directory.Delete(_app, recursive: true);

    private string Touch(params string[] parts)
    {
        var path = Path.Combine([_app, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }

    private static Func<string, string?> Variable(string? value) =>
        name => name == SupervisorLauncher.SupervisorVariable ? value : null;

    [Test]
    public void The_option_comes_first()
    {
        var given = Touch("elsewhere", "TrainingJobs.Supervisor.dll");
        Touch("from-variable.dll");
        Touch(SupervisorLauncher.SupervisorFileName);
        SupervisorLauncher.Locate(given, Variable(Path.Combine(_app, "from-variable.dll")), _app).Should().Be(given);
    }

    [Test]
    public void The_variable_comes_before_the_app_folder()
    {
        var fromVariable = Touch("from-variable.dll");
        Touch(SupervisorLauncher.SupervisorFileName);
        SupervisorLauncher.Locate(null, Variable(fromVariable), _app).Should().Be(fromVariable);
    }

    [Test]
    public void Next_to_the_app_comes_before_the_packaged_folder()
    {
        var beside = Touch(SupervisorLauncher.SupervisorFileName);
        Touch(SupervisorLauncher.PackagedFolder, SupervisorLauncher.SupervisorFileName);
        SupervisorLauncher.Locate(null, Variable(null), _app).Should().Be(beside);
    }

    [Test]
    public void The_packaged_folder_is_found_when_nothing_else_is_there()
    {
        var packaged = Touch(SupervisorLauncher.PackagedFolder, SupervisorLauncher.SupervisorFileName);
        SupervisorLauncher.Locate("  ", Variable(""), _app).Should().Be(packaged);
    }

    private string TouchNative(string rid, bool executable = true)
    {
        var path = Touch(SupervisorLauncher.PackagedFolder, SupervisorLauncher.NativeFolder, rid, SupervisorLauncher.NativeFileName);
        if (executable && !OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    [Test]
    public void The_native_supervisor_for_this_runtime_comes_before_the_jit_ones()
    {
        var native = TouchNative("linux-x64");
        Touch(SupervisorLauncher.SupervisorFileName);
        Touch(SupervisorLauncher.PackagedFolder, SupervisorLauncher.SupervisorFileName);
        SupervisorLauncher.Locate(null, Variable(null), _app, "linux-x64").Should().Be(native);
    }

    [Test]
    public void The_variable_comes_before_the_native_supervisor()
    {
        var fromVariable = Touch("from-variable.dll");
        TouchNative("linux-x64");
        SupervisorLauncher.Locate(null, Variable(fromVariable), _app, "linux-x64").Should().Be(fromVariable);
    }

    [Test]
    public void A_native_supervisor_for_another_runtime_is_passed_over_for_the_jit_fallback()
    {
        TouchNative("linux-arm64");
        var packaged = Touch(SupervisorLauncher.PackagedFolder, SupervisorLauncher.SupervisorFileName);
        SupervisorLauncher.Locate(null, Variable(null), _app, "linux-x64").Should().Be(packaged);
    }

    [Test]
    public void A_native_supervisor_that_is_not_executable_is_passed_over_for_the_jit_fallback()
    {
        TouchNative("linux-x64", executable: false);
        var packaged = Touch(SupervisorLauncher.PackagedFolder, SupervisorLauncher.SupervisorFileName);
        SupervisorLauncher.Locate(null, Variable(null), _app, "linux-x64").Should().Be(packaged);
    }

    [Test]
    public void A_missing_option_path_fails_rather_than_fall_back()
    {
        Touch(SupervisorLauncher.SupervisorFileName);
        var missing = Path.Combine(_app, "nowhere", "TrainingJobs.Supervisor.dll");
        var locate = () => SupervisorLauncher.Locate(missing, Variable(null), _app);
        locate.Should().Throw<InvalidOperationException>().WithMessage($"*SupervisorPath*{missing}*does not exist*");
    }

    [Test]
    public void A_missing_variable_path_fails_rather_than_fall_back()
    {
        Touch(SupervisorLauncher.PackagedFolder, SupervisorLauncher.SupervisorFileName);
        var missing = Path.Combine(_app, "gone.dll");
        var locate = () => SupervisorLauncher.Locate(null, Variable(missing), _app);
        locate.Should().Throw<InvalidOperationException>().WithMessage($"*$TRAININGJOBS_SUPERVISOR*{missing}*does not exist*");
    }

    [Test]
    public void Nowhere_says_where_it_looked_and_what_to_do()
    {
        var locate = () => SupervisorLauncher.Locate(null, Variable(null), _app);
        locate.Should().Throw<InvalidOperationException>()
            .WithMessage($"*{_app}*trainingjobs-supervisor/*TrainingJobs.Sdk package*TRAININGJOBS_SUPERVISOR*");
    }
}
