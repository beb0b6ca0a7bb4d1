//! `tisser`: migrate, serve, organiser add, demo, programme import, export and template.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;

use clap::{Parser, Subcommand, ValueEnum};
use tisser::config::{LogFormat, Settings};
use tisser::{AppError, Application, demo, programme_cli};
use tisser_domain::{Email, Role};
use tisser_persistence::{SIGN_IN_LINK_MINUTES, Store};

#[derive(Parser)]
#[command(
    name = "tisser",
    version,
    about = "Inscriptions et programmes d'événements — event registration and scheduling"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Applies the database migrations.
    Migrate,
    /// Migrates, then serves the API (address from the configuration).
    Serve,
    /// Loads the demo: the JRPS programme, the Déjeuners series, a practice-sharing workshop.
    Demo,
    /// An event's programme from a spreadsheet (CSV or XLSX) and back.
    Programme {
        #[command(subcommand)]
        command: ProgrammeCommand,
    },
    /// Manages organiser accounts.
    #[command(name = "organizer")]
    Organiser {
        #[command(subcommand)]
        command: OrganiserCommand,
    },
}

#[derive(Subcommand)]
enum OrganiserCommand {
    /// Creates an organiser and prints their API token as the last line.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum, default_value_t = RoleArg::Organiser)]
        role: RoleArg,
    },
}

#[derive(Subcommand)]
enum ProgrammeCommand {
    /// Reads a programme file (CSV or XLSX), shows what it understood and adds every session
    /// to the event in one go, or nothing when a row has a problem.
    Import {
        /// The event's slug.
        event: String,
        /// The file, CSV or XLSX.
        file: PathBuf,
        /// Shows what would be added, writes nothing.
        #[arg(long)]
        dry_run: bool,
        /// The date of day 1 (2025-04-23); by default the day of the event's first session.
        #[arg(long, value_parser = date)]
        first_day: Option<NaiveDate>,
    },
    /// Writes the event's programme as a CSV file, in the import's format.
    Export {
        /// The event's slug.
        event: String,
        /// Where to write; the standard output without it.
        file: Option<PathBuf>,
    },
    /// Writes a programme file to start from: the columns and one example row.
    Template {
        /// Where to write; the standard output without it.
        file: Option<PathBuf>,
    },
}

fn date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("« {text} » n'est pas une date AAAA-MM-JJ ('{text}' is not a date YYYY-MM-DD)"))
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Admin,
    Organiser,
}

/// mimalloc rather than glibc's malloc: a registration allocates many small, short-lived
/// values on several threads (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("tisser: {e}");
            return ExitCode::from(2);
        }
    };
    let filter = std::env::var("RUST_LOG").unwrap_or_else(|_| settings.log.filter.clone());
    let logs = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    match settings.log.format {
        LogFormat::Text => logs.init(),
        // One JSON object a line, with the request's span (method and route template).
        LogFormat::Json => logs.json().with_current_span(true).with_span_list(false).init(),
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("tisser: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command, settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tisser: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Completes on SIGTERM (a service manager, a container stop) or SIGINT (Ctrl-C). If a
/// handler cannot be installed the server runs until killed rather than not at all.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (signal(SignalKind::terminate()), signal(SignalKind::interrupt())) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = term.recv() => tracing::info!("SIGTERM received"),
                    _ = int.recv() => tracing::info!("SIGINT received"),
                }
            }
            (Err(e), _) | (_, Err(e)) => {
                tracing::error!(error = %e, "cannot listen for stop signals");
                std::future::pending::<()>().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

async fn open(settings: &Settings) -> Result<Store, AppError> {
    let store = Store::connect(&settings.database.url, tisser::system_clock()).await?;
    store.migrate().await?;
    Ok(store)
}

async fn run(command: Command, settings: Settings) -> Result<(), AppError> {
    match command {
        Command::Migrate => {
            open(&settings).await?;
            println!("migrations appliquées / migrations applied");
        }
        Command::Serve => {
            let app = Application::build(&settings).await?;
            let addr = app.local_addr()?;
            tracing::info!(%addr, "serving");
            println!("Tisser écoute sur http://{addr} — API : http://{addr}/api/v1/docs");
            app.run_until(stop_signal()).await?;
            tracing::info!("stopped");
        }
        Command::Demo => {
            let store = open(&settings).await?;
            for line in demo::load(&store).await? {
                println!("{line}");
            }
            println!(
                "Démo prête. Lancez « tisser serve » puis ouvrez http://{}/ dans un navigateur",
                settings.server.addr
            );
        }
        Command::Programme { command: ProgrammeCommand::Import { event, file, dry_run, first_day } } => {
            let store = open(&settings).await?;
            programme_cli::import(&store, &event, &file, first_day, dry_run).await?;
        }
        Command::Programme { command: ProgrammeCommand::Export { event, file } } => {
            let store = open(&settings).await?;
            programme_cli::export(&store, &event, file.as_deref()).await?;
        }
        Command::Programme { command: ProgrammeCommand::Template { file } } => {
            programme_cli::template(file.as_deref())?;
        }
        Command::Organiser { command: OrganiserCommand::Add { email, name, role } } => {
            let email = Email::parse(&email).map_err(|e| AppError::Usage(format!("--email: {e}")))?;
            let name = tisser_domain::text::single_line(&name, 100)
                .map_err(|e| AppError::Usage(format!("--name: {e}")))?;
            let role = match role {
                RoleArg::Admin => Role::Admin,
                RoleArg::Organiser => Role::Organiser,
            };
            let store = open(&settings).await?;
            let (organiser, token) = store.add_organiser(&email, &name, role).await?;
            println!(
                "organisateur créé / organiser created: {} ({})",
                organiser.email,
                organiser.role.as_str()
            );
            // A first admin signs in through this link before any mail server is set up.
            let link = store.sign_in_link(organiser.id, store.now()).await?;
            println!(
                "lien de connexion, valable {SIGN_IN_LINK_MINUTES} minutes, une seule fois / sign-in link, valid {SIGN_IN_LINK_MINUTES} minutes, once:"
            );
            println!("{}/organiser/sign-in/{link}", settings.server.public_url.trim_end_matches('/'));
            // The token stays the last line: scripts and tests read it there (API.md).
            println!("jeton d'API (affiché une seule fois) / API token (shown only once):");
            println!("{token}");
        }
    }
    Ok(())
}
