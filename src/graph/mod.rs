//! The revision graph: order, heads, branch points, merges, ranges.
