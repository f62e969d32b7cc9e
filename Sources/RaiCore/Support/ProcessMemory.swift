import Foundation

/// How much memory this process may use, so that a large allocation can be refused with a clear
/// message before it fails: the machine's physical memory, or less where an address-space or data
/// limit (`ulimit -v`, `ulimit -d`) or the control group's memory limit (a container's) says so.
public enum ProcessMemory {
    public static var available: Int {
        var available = ProcessInfo.processInfo.physicalMemory
        for resource in [RLIMIT_AS, RLIMIT_DATA] {
            var limit = rlimit()
            if getrlimit(__rlimit_resource_t(resource.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
                available = min(available, UInt64(limit.rlim_cur))
            }
        }
        if let text = try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8),
           let limit = UInt64(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            available = min(available, limit)
        }
        return Int(clamping: available)
    }
}
