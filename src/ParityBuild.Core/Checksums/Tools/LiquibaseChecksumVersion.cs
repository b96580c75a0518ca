namespace ParityBuild.Core.Checksums.Tools;

/// <summary>The checksum versions Liquibase writes to DATABASECHANGELOG.MD5SUM, named by the prefix it stores.</summary>
public enum LiquibaseChecksumVersion
{
    /// <summary><c>8:</c>, written by Liquibase 3.5 to 4.21 (and still computed by later versions to validate old rows).</summary>
    V8 = 8,

    /// <summary><c>9:</c>, written by Liquibase 4.22 and later.</summary>
    V9 = 9,
}

/// <summary>How a stored MD5SUM relates to a changeset, in the terms of Liquibase's own validation.</summary>
public enum LiquibaseChecksumComparison
{
    /// <summary>The stored value is the changeset's checksum in the stored value's version.</summary>
    Match,

    /// <summary>The values differ but a <c>--validCheckSum</c> line (a listed value, or ANY) makes Liquibase accept it.</summary>
    AcceptedByValidCheckSum,

    Mismatch,

    /// <summary>The stored value has a version this class cannot compute (e.g. <c>7:</c>), or is not a Liquibase checksum.</summary>
    UnsupportedVersion,
}
