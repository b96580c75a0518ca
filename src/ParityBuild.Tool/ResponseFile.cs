namespace ParityBuild.Tool;

/// <summary>
/// <c>@FILE</c>: options one per line, <c>--name=value</c> with the value as it is to the end of the line, as the
/// package's targets write them under obj/parity/. System.CommandLine's own reading would split a line at spaces, drop
/// every '"', skip a line that starts with '#' and read a value that starts with '@' as one more response file, so a
/// project folder such as <c>/src/"billing" #2 @eu</c> would not reach the tool intact.
/// </summary>
internal static class ResponseFile
{
    public static bool TryRead(string path, out IReadOnlyList<string>? tokens, out string? error)
    {
        try
        {
            tokens = [.. File.ReadAllLines(path).Where(line => line.Length > 0).SelectMany(Tokens)];
            error = null;
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            tokens = null;
            error = $"The response file '{path}' cannot be read: {exception.Message}";
            return false;
        }
    }

    // "--name=value" stays one token, which System.CommandLine splits at its first '=' (no option's name holds one) and
    // never reads again, so a value starting with '@' stays a value; "--name=" is the option and an empty value.
    private static IEnumerable<string> Tokens(string line) =>
        line.StartsWith("--", StringComparison.Ordinal) && line.IndexOf('=', StringComparison.Ordinal) == line.Length - 1 ? [line[..^1], ""] : [line];
}
