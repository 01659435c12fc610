namespace TrainingJobs.Sdk.Local.Supervision;

/// <summary>How a job's processes are held together so that all of them can be found and killed.</summary>
internal enum ContainmentMechanism
{
    /// <summary>No cgroup: a random per-job token in every rank's environment, the ranks' process groups, and the supervisor's descendants.</summary>
    ProcessToken,

    /// <summary>A cgroup v2 group, killed at once through <c>cgroup.kill</c>.</summary>
    CgroupV2,

    /// <summary>A cgroup v1 group (freezer, else pids): frozen, every member killed, thawed.</summary>
    CgroupV1,
}

/// <summary>Which mechanisms a workspace may use (tests and machines where cgroups misbehave narrow it).</summary>
internal enum ContainmentPreference
{
    /// <summary>The best the machine allows: cgroup v2, else v1, else the token.</summary>
    Automatic,

    /// <summary>A v1 cgroup if the machine has one, else the token.</summary>
    Cgroup1,

    /// <summary>The token only.</summary>
    Processes,
}
