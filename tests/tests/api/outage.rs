//! PostgreSQL goes away under a running server, then comes back: meanwhile `/readyz` says
//! 503, the API answers 503 problem+json and the pages a page saying to try again, quickly,
//! never a 500 nor a hang; nothing is half written; and the server serves again on its own,
//! without a restart. (The database is taken away by cutting a proxy between the server and
//! PostgreSQL: the shared PostgreSQL server of the suite keeps running.)

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tisser_tests::proxy::Proxy;
use tisser_tests::reqwest::StatusCode;
use tisser_tests::{person, spawn_app_at, token_of};

use crate::MORNING;

const SERVER: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// A fresh PostgreSQL database reached through `proxy`.
async fn database_behind(proxy: &Proxy) -> String {
    use sea_orm::ConnectionTrait;
    let admin = sea_orm::Database::connect(SERVER)
        .await
        .unwrap_or_else(|e| panic!("this test needs PostgreSQL at {SERVER}: {e}"));
    let name = format!("tisser_test_{}", uuid::Uuid::new_v4().simple());
    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap();
    admin.close().await.unwrap();
    format!("postgres://postgres@127.0.0.1:{}/{name}", proxy.port)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_away_answers_503_quickly_and_the_server_recovers_on_its_own() {
    let proxy = Proxy::start("127.0.0.1:5432").await;
    let app = spawn_app_at(&database_behind(&proxy).await).await;
    let slug = app.published_event("jrps", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(29), MORNING.0, MORNING.1).await;
    let ana = app.registered(&slug, "ana@example.org", &[&a]).await;
    let page = format!("/manage/{}", token_of(&ana));
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);

    proxy.cut();
    let started = Instant::now();
    assert_eq!(app.get("/readyz").await.status(), StatusCode::SERVICE_UNAVAILABLE);
    let res = app.register(&slug, &person("ben@example.org", &[&a])).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["code"], "unavailable");
    let res = app.get(&page).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.text().await.unwrap().contains("Réessayez dans quelques minutes"));
    let res = app.get(&format!("/api/v1/events/{slug}")).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(started.elapsed() < Duration::from_secs(20), "answered in {:?}: no hang", started.elapsed());

    // Back: the server serves again by itself.
    proxy.restore();
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.get("/readyz").await.status() != StatusCode::OK {
        assert!(Instant::now() < deadline, "not ready 30 s after the database came back");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(app.get(&page).await.status(), StatusCode::OK);
    let res = app.register(&slug, &person("ben@example.org", &[&a])).await;
    assert_eq!(res.status(), StatusCode::CREATED, "Ben's refused attempt left nothing behind");
    let all = app.registrations(&slug, "").await;
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|r| r["sessions"][0]["status"] == "confirmed"));
}

/// A small tmpfs of its own, unmounted when dropped.
struct SmallDisk(std::path::PathBuf);

impl SmallDisk {
    fn mount(megabytes: u32) -> Self {
        let dir = std::env::temp_dir().join(format!("tisser-disk-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m"), "tmpfs"])
            .arg(&dir)
            .status();
        assert!(
            status.is_ok_and(|s| s.success()),
            "this test mounts a {megabytes} MB tmpfs to fill it: it needs root (or CAP_SYS_ADMIN) and `mount`"
        );
        Self(dir)
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_under_sqlite_answers_503_and_the_server_recovers_once_space_is_freed() {
    use std::io::Write;
    let disk = SmallDisk::mount(16);
    let app = spawn_app_at(&format!("sqlite://{}/tisser.db", disk.0.display())).await;
    let slug = app.published_event("jrps", json!({})).await;
    let a = app.workshop(&slug, "Atelier A", Some(29), MORNING.0, MORNING.1).await;
    let ana = app.registered(&slug, "ana@example.org", &[&a]).await;
    let page = format!("/manage/{}", token_of(&ana));
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);

    // Fill the disk to its last byte.
    let filler = disk.0.join("filler");
    {
        let mut file = std::fs::File::create(&filler).unwrap();
        let chunk = vec![0u8; 64 * 1024];
        while file.write_all(&chunk).and_then(|()| file.flush()).is_ok() {}
        let small = [0u8; 512];
        while file.write_all(&small).and_then(|()| file.flush()).is_ok() {}
    }
    let started = Instant::now();
    assert_eq!(
        app.get("/readyz").await.status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "a full disk is not ready"
    );
    let res = app.register(&slug, &person("ben@example.org", &[&a])).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let problem: Value = res.json().await.unwrap();
    assert_eq!(problem["code"], "unavailable");
    assert_eq!(app.get(&page).await.status(), StatusCode::OK, "reading still works");
    assert!(started.elapsed() < Duration::from_secs(20), "answered in {:?}", started.elapsed());

    // Space again: the server takes registrations again by itself.
    std::fs::remove_file(&filler).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.get("/readyz").await.status() != StatusCode::OK {
        assert!(Instant::now() < deadline, "not ready 30 s after space was freed");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let res = app.register(&slug, &person("ben@example.org", &[&a])).await;
    assert_eq!(res.status(), StatusCode::CREATED, "the refused attempt left nothing behind");
    let all = app.registrations(&slug, "").await;
    assert_eq!(all.len(), 2);
    drop(app);
}
