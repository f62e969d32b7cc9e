// The counting tables (`RaiTables`) are part of RaiCore's interface: results are built from
// their cells, and tools that merge partial results use them directly.
@_exported import RaiTables
