//! Project loading: find the config, walk the migrations folder, read and
//! parse files in parallel, in a deterministic order.
