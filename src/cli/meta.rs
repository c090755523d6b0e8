//! `migc completions SHELL` and `migc man`: generated from the clap
//! definition, so they never drift from the real flags.

use super::{Cli, Exit};
use clap::{Args, CommandFactory, ValueEnum};
use std::io::{self, Write};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Args)]
pub struct ManArgs {}

pub(super) fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> io::Result<Exit> {
    let shell = match args.shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    let mut command = Cli::command();
    // Into memory first: the generator panics on a write error (a closed
    // pipe), which a CLI must never do.
    let mut text = Vec::new();
    clap_complete::generate(shell, &mut command, "migc", &mut text);
    out.write_all(&text)?;
    Ok(Exit::Ok)
}

/// The sections clap knows nothing about.
const TAIL: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
success (findings below fail_on do not fail)
.TP
\fB1\fR
findings about the migrations: semantic errors, lint findings at or over fail_on,
files `fmt \-\-check` would change, a bundle refused for its findings
.TP
\fB2\fR
bad input (an unparsable file, an invalid migc.toml or migc.lock) or bad usage
.SH FILES
.TP
\fBmigc.toml\fR
the project configuration, searched upward from the working directory unless
\fB\-\-config\fR is given
.TP
\fBmigc.lock\fR
checksums of the revisions, written by \fBmigc lock\fR, next to migc.toml
"#;

pub(super) fn man(_args: &ManArgs, out: &mut dyn Write) -> io::Result<Exit> {
    let command = Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    // One section per subcommand, with its own options, so `man migc`
    // documents everything in one page.
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        writeln!(out, ".SH \"MIGC {}\"", sub.get_name().to_uppercase())?;
        let page = clap_mangen::Man::new(sub.clone().bin_name(format!("migc {}", sub.get_name())));
        let mut body = Vec::new();
        page.render_synopsis_section(&mut body)?;
        page.render_description_section(&mut body)?;
        page.render_options_section(&mut body)?;
        // Nested sections become sub-sections.
        let body = String::from_utf8_lossy(&body).replace(".SH ", ".SS ");
        out.write_all(body.as_bytes())?;
    }
    out.write_all(TAIL.as_bytes())?;
    man.render_version_section(out)?;
    Ok(Exit::Ok)
}
