using System.Security.Cryptography;

namespace TrainingJobs.Sdk.Jobs;

/// <summary>Generates job names the way Azure ML does: two readable words and a random suffix (<c>brave_river_4kq9x7m2pd</c>).</summary>
internal static class JobNameGenerator
{
    private static readonly string[] Adjectives =
    [
        "amber", "bold", "brave", "bright", "calm", "clever", "cool", "crisp", "eager", "fancy", "gentle", "happy", "honest",
        "jolly", "keen", "kind", "lively", "loyal", "lucid", "merry", "modest", "neat", "nice", "polite", "proud", "quick",
        "quiet", "shy", "sincere", "sleepy", "smart", "steady", "sunny", "swift", "tender", "tidy", "upbeat", "witty", "zen",
    ];

    private static readonly string[] Nouns =
    [
        "apple", "badger", "bird", "boat", "branch", "brook", "cactus", "cloud", "comet", "coral", "dream", "ear", "engine",
        "feather", "fern", "garden", "hill", "island", "kite", "lake", "leaf", "lemon", "lion", "maple", "moon", "night",
        "ocean", "owl", "pebble", "pepper", "pillow", "plum", "river", "rose", "seed", "shark", "star", "tree", "wave",
    ];

    private const string SuffixAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>Returns a new name; uniqueness is checked by the caller against the workspace.</summary>
    public static string Next()
    {
        var suffix = RandomNumberGenerator.GetString(SuffixAlphabet, 10);
        return $"{Adjectives[RandomNumberGenerator.GetInt32(Adjectives.Length)]}_{Nouns[RandomNumberGenerator.GetInt32(Nouns.Length)]}_{suffix}";
    }
}
