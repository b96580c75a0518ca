namespace ParityBuild.Replica.Schema;

/// <summary>
/// A repair script to write under obj/parity/ (never to run): its file name there, its text, what it holds in a few
/// words, and the replica it is for (host and database, never credentials).
/// </summary>
public sealed record RepairFile(string Name, string Text, string Description, string Replica);
