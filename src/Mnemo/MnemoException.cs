namespace Mnemo;

/// <summary>An error caused by the user's input (config, lengths, files). Its message is one line
/// that names the offending field or file; the CLI prints it and exits non-zero.</summary>
public class MnemoException(string message, Exception? inner = null) : Exception(message, inner);
