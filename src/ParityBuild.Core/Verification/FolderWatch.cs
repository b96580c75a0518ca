using Microsoft.Win32.SafeHandles;
using ParityBuild.Core.Platform;

namespace ParityBuild.Core.Verification;

/// <summary>
/// Which files in the script folders changed since the last look, from Linux's inotify, as git's fsmonitor does: a
/// reused MSBuild node then stats only those instead of every script (ten thousand stats cost more than the whole
/// rerun may). The queue is read without a thread, at the start of each run: the kernel queues an event inside the
/// write that causes it, so every change made before the run is in the queue when the run reads it.
/// One inotify instance serves every project of the process (instances are a scarce per-user resource that editors
/// and file watchers need too); each watch takes the events of its own folders.
/// Anything the watch cannot vouch for (the queue overflowed, a folder was deleted, moved or replaced) makes
/// <see cref="Drain"/> return null: stat everything, as without a watch. Elsewhere than on Linux, or when inotify is
/// refused (its per-user limits), <see cref="Start"/> returns null. Changes the kernel never sees (another machine
/// writing through a network file system) are out of its reach; <c>ParityFileWatch=false</c> turns it off.
/// </summary>
internal sealed class FolderWatch : IDisposable
{
    // inotify(7): the events that can change a file's content, name or time, and the folder itself going away.
    private const uint Modify = 0x2, Attrib = 0x4, CloseWrite = 0x8, MovedFrom = 0x40, MovedTo = 0x80, Create = 0x100, Delete = 0x200;
    private const uint DeleteSelf = 0x400, MoveSelf = 0x800, Overflow = 0x4000, Ignored = 0x8000, OnlyDir = 0x0100_0000;
    private const uint Mask = Modify | Attrib | CloseWrite | MovedFrom | MovedTo | Create | Delete | DeleteSelf | MoveSelf | OnlyDir;
    private const int NonBlocking = 0x800;
    private const int EventHeader = 16;

    // The process's one queue, and which watches take the events of each watch descriptor.
    private static readonly object QueueGate = new();
    private static readonly Dictionary<int, List<FolderWatch>> WatchesByDescriptor = [];
    private static readonly byte[] Buffer = new byte[64 * 1024];
    private static InotifyHandle? queue;

    private readonly Dictionary<int, string> folderByDescriptor = [];

    // Drained but not yet committed: a run that stops before saving the stat cache must see these again.
    private readonly HashSet<string> pending = new(StringComparer.Ordinal);
    private bool lost;

    private FolderWatch(IReadOnlyList<string> folders)
    {
        Folders = folders;
    }

    /// <summary>The watched folders, sorted.</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>Arms a watch on each folder; null where inotify is not available or refuses.</summary>
    public static FolderWatch? Start(IReadOnlyList<string> folders)
    {
        if (!OperatingSystem.IsLinux() || folders.Count == 0)
        {
            return null;
        }

        lock (QueueGate)
        {
            try
            {
                if (queue is null)
                {
                    var handle = new InotifyHandle(Libc.inotify_init1(NonBlocking | Libc.CloseOnExec));
                    if (handle.IsInvalid)
                    {
                        handle.Dispose();
                        return null;
                    }

                    queue = handle;
                }

                var watch = new FolderWatch(folders);
                foreach (var folder in folders)
                {
                    var descriptor = Libc.inotify_add_watch(queue, folder, Mask);
                    if (descriptor < 0)
                    {
                        watch.Release();
                        return null;
                    }

                    watch.folderByDescriptor[descriptor] = folder;
                    if (!WatchesByDescriptor.TryGetValue(descriptor, out var watches))
                    {
                        WatchesByDescriptor[descriptor] = watches = [];
                    }

                    watches.Add(watch);
                }

                return watch;
            }
            catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// The full paths changed since the last <see cref="Commit"/>, or null when the watch cannot tell (everything must
    /// be stat'ed). A folder replaced by another of the same name keeps its path but not its watch: adding the watch
    /// again then returns a new descriptor, which the watch takes as lost.
    /// </summary>
    public IReadOnlySet<string>? Drain()
    {
        lock (QueueGate)
        {
            foreach (var (descriptor, folder) in folderByDescriptor)
            {
                lost |= Libc.inotify_add_watch(queue!, folder, Mask) != descriptor;
            }

            ReadQueue();
            return lost ? null : new HashSet<string>(pending, StringComparer.Ordinal);
        }
    }

    /// <summary>The changes drained (<paramref name="drained"/>) are in the stat cache now.</summary>
    public void Commit(IReadOnlySet<string> drained)
    {
        lock (QueueGate)
        {
            pending.ExceptWith(drained);
        }
    }

    public void Dispose()
    {
        lock (QueueGate)
        {
            Release();
        }
    }

    // Hands every queued event to the watches of its folder (to all of them when the queue overflowed).
    private static void ReadQueue()
    {
        nint read;
        while ((read = Libc.read(queue!, Buffer, Buffer.Length)) > 0)
        {
            for (var offset = 0; offset + EventHeader <= read;)
            {
                var descriptor = BitConverter.ToInt32(Buffer, offset);
                var mask = BitConverter.ToUInt32(Buffer, offset + 4);
                var nameLength = BitConverter.ToInt32(Buffer, offset + 12);
                var name = Buffer.AsSpan(offset + EventHeader, nameLength);
                offset += EventHeader + nameLength;
                if ((mask & Overflow) != 0)
                {
                    foreach (var watch in WatchesByDescriptor.Values.SelectMany(watches => watches))
                    {
                        watch.lost = true;
                    }
                }
                else if (WatchesByDescriptor.TryGetValue(descriptor, out var watches))
                {
                    var end = name.IndexOf((byte)0);
                    var file = end == 0 ? null : System.Text.Encoding.UTF8.GetString(end < 0 ? name : name[..end]);
                    foreach (var watch in watches)
                    {
                        watch.Record(descriptor, mask, file);
                    }
                }
            }
        }
    }

    private void Record(int descriptor, uint mask, string? file)
    {
        if ((mask & (Ignored | DeleteSelf | MoveSelf)) != 0)
        {
            lost = true;
        }
        else if (file is not null)
        {
            pending.Add(Path.Combine(folderByDescriptor[descriptor], file));
        }
    }

    // Leaves the queue; a descriptor no other watch takes is removed from it.
    private void Release()
    {
        foreach (var descriptor in folderByDescriptor.Keys)
        {
            if (WatchesByDescriptor.TryGetValue(descriptor, out var watches) && watches.Remove(this) && watches.Count == 0)
            {
                WatchesByDescriptor.Remove(descriptor);
                _ = Libc.inotify_rm_watch(queue!, descriptor);
            }
        }

        folderByDescriptor.Clear();
        lost = true;
    }

    private sealed class InotifyHandle : SafeHandleMinusOneIsInvalid
    {
        public InotifyHandle(int descriptor)
            : base(ownsHandle: true)
        {
            SetHandle(descriptor);
        }

        protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;
    }
}
