namespace TrainingJobs.Sdk.Local.Workspace;

/// <summary>
/// The workspace database is missing, or its path now names another file than the one opened. The store never
/// recreates it empty (that would silently lose every job and make running jobs write into nothing).
/// </summary>
internal sealed class WorkspaceDatabaseLostException(string path, string what) : IOException(
    $"The workspace database {path} {what}. Nothing can be recorded in or read from it any more; it is not recreated empty. " +
    "Restore it from a copy, or point TRAININGJOBS_HOME at a new workspace folder.");

/// <summary>
/// A write to the workspace database failed because the disk holding it is full. SQLite rolled the write back, so the
/// database is as it was before it; what the write would have recorded is lost.
/// </summary>
internal sealed class WorkspaceDiskFullException(string path, Exception inner) : IOException(
    $"The disk holding the workspace database {path} is full: the change could not be recorded (the database is unchanged). Free space on that disk and try again.",
    inner);
