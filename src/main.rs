use std::process::ExitCode;

fn main() -> ExitCode {
    migc::cli::main()
}
