// Command byregion serves Byregion API: Norwegian regional-development data as a documented JSON API.
//
//	byregion [serve] [--addr :8080] [--db byregion.db]
//	byregion migrate [--db byregion.db]
//	byregion healthcheck [--addr :8080]
//	byregion keys create --name NAME --scope read|write|admin | keys list | keys revoke NAME [--db byregion.db]
//	byregion help [command]
package main

//go:generate go run ./api/gendocs operations
//go:generate go tool swag init --generalInfo api/server.go --dir ./ --output docs --outputTypes json --parseInternal --requiredByDefault=false
//go:generate go run ./api/gendocs openapi

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/byregion/byregion/api"
	"github.com/byregion/byregion/internal/dataset"
	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/imports"
	"github.com/byregion/byregion/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	var usage usageError
	switch {
	case errors.As(err, &usage):
		fmt.Fprintln(os.Stderr, "byregion:", err)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "byregion:", err)
		os.Exit(1)
	}
}

// usageError is a mistake in the command line; the program exits with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// command is a subcommand: its flags, its help and what it does. args says what positional arguments it
// takes, if any.
type command struct {
	name, summary, args string
	flags               func(fs *flag.FlagSet) any
	run                 func(ctx context.Context, opts any, args []string, stdout, stderr io.Writer) error
}

// options are the flags every command may take; each command registers the ones it uses.
type options struct {
	addr, db             string
	corsOrigins, caching string
	requireReadKey       bool
	maxBody, maxImport   byteSize
	cacheBytes           byteSize
	keyName, keyScope    string
	importKind, source   string
	dryRun               bool
	rate                 float64
	burst                int
	trustedProxies       networks
	publicURL            publicURL
}

// flagEnv names the environment variable of each flag that has one. A flag given on the command line
// wins over its variable, which wins over the default; a malformed value of either is a usage error.
var flagEnv = map[string]string{
	"addr": "BYREGION_ADDR", "db": "BYREGION_DB", "cors-origins": "BYREGION_CORS_ORIGINS",
	"cache-control": "BYREGION_CACHE_CONTROL", "require-read-key": "BYREGION_REQUIRE_READ_KEY",
	"max-body": "BYREGION_MAX_BODY", "max-import": "BYREGION_MAX_IMPORT", "rate": "BYREGION_RATE",
	"rate-burst": "BYREGION_RATE_BURST", "trusted-proxies": "BYREGION_TRUSTED_PROXIES", "cache-bytes": "BYREGION_CACHE_BYTES",
	"public-url": "BYREGION_PUBLIC_URL",
}

// flagEnvFallback is a second variable a flag is read from when its own is not set: the one hosting
// platforms set for a database.
var flagEnvFallback = map[string]string{"db": "DATABASE_URL"}

// usageOf is a flag's help text, naming its environment variables.
func usageOf(name, text string) string {
	if fallback := flagEnvFallback[name]; fallback != "" {
		return text + " (env " + flagEnv[name] + ", or " + fallback + ")"
	}
	return text + " (env " + flagEnv[name] + ")"
}

func addrFlag(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.addr, "addr", ":8080", usageOf("addr", "listen address"))
}

func dbFlag(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.db, "db", "byregion.db", usageOf("db", "the database: a SQLite file, created if missing, "+
		"or a PostgreSQL database's postgres://user:password@host:port/name URL (docs/DEPLOY.md)"))
}

var commands = []command{
	{
		name:    "serve",
		summary: "apply migrations, load the embedded dataset into an empty database, and serve the API (the default)",
		flags: func(fs *flag.FlagSet) any {
			o := &options{maxBody: 1 << 20, maxImport: 64 << 20, cacheBytes: api.DefaultCacheBytes}
			addrFlag(fs, o)
			dbFlag(fs, o)
			fs.StringVar(&o.corsOrigins, "cors-origins", "*", usageOf("cors-origins", "browser origins allowed to read the API, comma-separated, or * for any"))
			fs.StringVar(&o.caching, "cache-control", api.DefaultCacheControl, usageOf("cache-control", "Cache-Control of successful GET answers"))
			fs.BoolVar(&o.requireReadKey, "require-read-key", false, usageOf("require-read-key", "make reads need an API key with the read scope"))
			fs.Var(&o.maxBody, "max-body", usageOf("max-body", "largest request body accepted, in bytes or with K, M or G"))
			fs.Var(&o.maxImport, "max-import", usageOf("max-import", "largest import accepted"))
			fs.Var(&o.cacheBytes, "cache-bytes", usageOf("cache-bytes", "memory kept for encoded answers; 0 keeps none"))
			fs.Float64Var(&o.rate, "rate", api.DefaultRate, usageOf("rate", "requests per second allowed to each client IP and each API key; 0 for no limit"))
			fs.IntVar(&o.burst, "rate-burst", api.DefaultBurst, usageOf("rate-burst", "requests a client may make at once above the rate"))
			fs.Var(&o.trustedProxies, "trusted-proxies", usageOf("trusted-proxies",
				"address ranges of proxies whose X-Forwarded-For, -Proto and -Host are believed, comma-separated CIDRs or addresses (default none)"))
			fs.Var(&o.publicURL, "public-url", usageOf("public-url",
				"scheme and host clients reach the API at, which links in answers begin with (default: the request's own)"))
			return o
		},
		run: func(ctx context.Context, opts any, _ []string, stdout, _ io.Writer) error {
			return serve(ctx, opts.(*options), stdout)
		},
	},
	{
		name:    "migrate",
		summary: "apply pending migrations to the database and exit",
		flags: func(fs *flag.FlagSet) any {
			o := &options{}
			dbFlag(fs, o)
			return o
		},
		run: func(ctx context.Context, opts any, _ []string, stdout, _ io.Writer) error {
			return migrate(ctx, opts.(*options), stdout)
		},
	},
	{
		name:    "healthcheck",
		summary: "exit 0 if the server at --addr answers /readyz with 200 (for container health checks)",
		flags: func(fs *flag.FlagSet) any {
			o := &options{}
			addrFlag(fs, o)
			return o
		},
		run: func(ctx context.Context, opts any, _ []string, _, _ io.Writer) error {
			return healthcheck(ctx, opts.(*options))
		},
	},
	{
		name:    "import",
		summary: "import population or area figures from a CSV, JSON or JSON-stat file, all or nothing",
		args:    "FILE",
		flags: func(fs *flag.FlagSet) any {
			o := &options{}
			dbFlag(fs, o)
			fs.StringVar(&o.importKind, "kind", "", "population or area (required)")
			fs.StringVar(&o.source, "source", "", "the source of rows that name none (required for JSON-stat)")
			fs.BoolVar(&o.dryRun, "dry-run", false, "check and count without writing")
			return o
		},
		run: func(ctx context.Context, opts any, args []string, stdout, _ io.Writer) error {
			return importFile(ctx, opts.(*options), args, stdout)
		},
	},
	{
		name:    "backup",
		summary: "write a consistent copy of the database to OUT while the server goes on serving, and check it",
		args:    "OUT",
		flags: func(fs *flag.FlagSet) any {
			o := &options{}
			dbFlag(fs, o)
			return o
		},
		run: func(ctx context.Context, opts any, args []string, stdout, _ io.Writer) error {
			return backup(ctx, opts.(*options), args, stdout)
		},
	},
	{
		name:    "restore",
		summary: "put the backup FILE in the place of the database (stop the server first), after checking it",
		args:    "FILE",
		flags: func(fs *flag.FlagSet) any {
			o := &options{}
			dbFlag(fs, o)
			return o
		},
		run: func(ctx context.Context, opts any, args []string, stdout, _ io.Writer) error {
			if len(args) != 1 {
				return usageError{"restore: name the backup file: byregion restore --db byregion.db FILE"}
			}
			if err := store.Restore(ctx, args[0], opts.(*options).db); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "restored %s from %s\n", opts.(*options).db, args[0])
			return nil
		},
	},
	{
		name:    "keys",
		summary: "manage API keys: create prints the new key's secret once; list shows keys without secrets; revoke NAME",
		args:    "create | list | revoke NAME",
		flags: func(fs *flag.FlagSet) any {
			o := &options{}
			dbFlag(fs, o)
			fs.StringVar(&o.keyName, "name", "", "the key's name, shown in the changes feed as who made a change (create)")
			fs.StringVar(&o.keyScope, "scope", "", "read, write or admin (create)")
			return o
		},
		run: func(ctx context.Context, opts any, args []string, stdout, _ io.Writer) error {
			return keys(ctx, opts.(*options), args, stdout)
		},
	},
}

// run is the whole program, with its environment passed in so tests can run it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	if name == "help" {
		return help(args, stdout)
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") && name == "serve" && len(args) == 1 {
		// "byregion --help" asks about the program, not only about serve.
		return help(nil, stdout)
	}
	cmd, ok := findCommand(name)
	if !ok {
		return usageError{fmt.Sprintf("unknown command %q; run 'byregion help' for the list", name)}
	}
	fs := flag.NewFlagSet("byregion "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported in one line below, help on request
	opts := cmd.flags(fs)
	// Flags may come before or after the positional arguments ("keys create --name x").
	var positional []string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return help([]string{name}, stdout)
			}
			return usageError{fmt.Sprintf("%s: %v (run 'byregion help %s')", name, err, name)}
		}
		if rest = fs.Args(); len(rest) == 0 {
			break
		}
		positional, rest = append(positional, rest[0]), rest[1:]
	}
	if len(positional) > 0 && cmd.args == "" {
		return usageError{fmt.Sprintf("%s: unexpected argument %q (run 'byregion help %s')", name, positional[0], name)}
	}
	if err := applyEnv(fs, getenv); err != nil {
		return err
	}
	return cmd.run(ctx, opts, positional, stdout, stderr)
}

// applyEnv sets every flag not given on the command line from its environment variable, if set, with the
// flag's own parser: a value it refuses is a usage error naming the variable.
func applyEnv(fs *flag.FlagSet, getenv func(string) string) error {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		env := flagEnv[f.Name]
		if fallback := flagEnvFallback[f.Name]; getenv(env) == "" && fallback != "" {
			env = fallback
		}
		if err != nil || given[f.Name] || env == "" || getenv(env) == "" {
			return
		}
		if serr := f.Value.Set(getenv(env)); serr != nil {
			err = usageError{fmt.Sprintf("%s=%q is not a value of -%s: %v", env, getenv(env), f.Name, serr)}
		}
	})
	return err
}

func findCommand(name string) (command, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func help(args []string, w io.Writer) error {
	if len(args) == 0 {
		fmt.Fprintln(w, "byregion serves Byregion API: Norwegian city regions and municipal statistics as a JSON API.")
		fmt.Fprintln(w, "\nUsage:\n  byregion [command] [flags]\n\nCommands:")
		for _, c := range commands {
			fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
		}
		fmt.Fprintf(w, "  %-12s %s\n", "help", "describe a command and its flags: byregion help serve")
		return nil
	}
	cmd, ok := findCommand(args[0])
	if !ok {
		return usageError{fmt.Sprintf("help: unknown command %q", args[0])}
	}
	fs := flag.NewFlagSet("byregion "+cmd.name, flag.ContinueOnError)
	cmd.flags(fs)
	fmt.Fprintf(w, "byregion %s: %s\n", cmd.name, cmd.summary)
	if cmd.args != "" {
		fmt.Fprintf(w, "\nUsage: byregion %s %s [flags]\n", cmd.name, cmd.args)
	}
	fmt.Fprint(w, "\nFlags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	return nil
}

// backup writes a consistent copy of the database while it may be serving. It does not migrate: a
// backup is of the database as it is.
func backup(ctx context.Context, o *options, args []string, stdout io.Writer) error {
	if len(args) != 1 {
		return usageError{"backup: name the file to write: byregion backup --db byregion.db OUT"}
	}
	st, err := store.Open(o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, args[0]); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s (integrity check: ok)\n", store.Redacted(o.db), args[0])
	return nil
}

// openStore opens and migrates the database.
func openStore(ctx context.Context, path string) (*store.Store, int64, error) {
	st, err := store.Open(path)
	if err != nil {
		return nil, 0, err
	}
	version, err := st.Migrate(ctx)
	if err != nil {
		st.Close()
		return nil, 0, err
	}
	return st, version, nil
}

func migrate(ctx context.Context, o *options, stdout io.Writer) error {
	st, version, err := openStore(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(stdout, "%s: schema version %d\n", store.Redacted(o.db), version)
	return nil
}

func serve(ctx context.Context, o *options, stdout io.Writer) error {
	log := slog.New(slog.NewJSONHandler(stdout, nil))
	st, version, err := openStore(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	checksum, err := dataset.Checksum()
	if err != nil {
		return err
	}
	loaded, err := loadDataset(ctx, st, checksum)
	if err != nil {
		return err
	}
	var origins []string
	for _, o := range strings.Split(o.corsOrigins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			origins = append(origins, o)
		}
	}
	srv, err := api.NewServer(st, log, api.Config{AllowOrigins: origins, CacheControl: o.caching,
		RequireReadKey: o.requireReadKey, MaxBody: o.maxBody.String(), MaxImport: o.maxImport.String(),
		RatePerSecond: o.rate, RateBurst: o.burst, TrustedProxies: o.trustedProxies, CacheBytes: int64(o.cacheBytes),
		PublicURL: string(o.publicURL)})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	memoryLimit := limitMemory(getenvOS, int64(o.cacheBytes))
	log.Info("byregion serving", "addr", ln.Addr().String(), "db", store.Redacted(o.db), "schema_version", version, "memory_limit", memoryLimit,
		"dataset", dataset.Name, "dataset_checksum", loaded.Checksum, "dataset_loaded_now", loaded.Loaded,
		"dataset_loaded_at", loaded.LoadedAt)
	if loaded.UpgradedFrom != "" {
		log.Warn("the database held an earlier version of the embedded dataset; the sources and municipalities no write had "+
			"changed were brought up to date with it, each through the write path (the changes feed lists them, actor dataset), "+
			"and the rest was left as it is, the records a write had changed among them",
			"database_checksum", loaded.UpgradedFrom, "embedded_checksum", checksum,
			"records_brought_up_to_date_now", len(loaded.Updated), "records_left_as_written", append([]string{}, loaded.Kept...))
	}

	// WriteTimeout is above the API's own limits (30 s for a write, 300 s for an import), which answer first.
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 6 * time.Minute, IdleTimeout: 120 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return err
	}
	log.Info("stopped")
	return nil
}

// limitMemory gives the Go runtime a soft memory limit that follows the answer cache's bound: the cache
// can be full of answers that are being replaced, and without a limit the collector lets the heap grow to
// twice what is live before it runs. GOMEMLIMIT, when set, is the operator's choice and is kept. It
// returns the limit in force.
func limitMemory(getenv func(string) string, cacheBytes int64) int64 {
	if getenv("GOMEMLIMIT") != "" {
		return debug.SetMemoryLimit(-1)
	}
	return debug.SetMemoryLimit(2*cacheBytes + 64<<20)
}

// getenvOS is the process's environment: the runtime reads GOMEMLIMIT from it, whatever run was given.
var getenvOS = os.Getenv

// loadDataset loads the embedded dataset, whose checksum is given, into an empty database. A restart finds
// it loaded, and does not read the embedded files; where the database holds an earlier build of them, it
// brings the sources and municipalities no write has changed up to this build's, once (store.LoadDataset).
func loadDataset(ctx context.Context, st *store.Store, checksum string) (store.LoadResult, error) {
	loaded, found, err := st.LoadedDataset(ctx, dataset.Name)
	if err != nil || (found && checksum == loaded.Checksum) {
		return loaded, err
	}
	ds, err := dataset.Load()
	if err != nil {
		return loaded, fmt.Errorf("read embedded dataset: %w", err)
	}
	if loaded, err = st.LoadDataset(ctx, ds); err != nil {
		return loaded, fmt.Errorf("load embedded dataset: %w", err)
	}
	return loaded, nil
}

func healthcheck(ctx context.Context, o *options) error {
	host, port, err := net.SplitHostPort(o.addr)
	if err != nil {
		return usageError{fmt.Sprintf("healthcheck: --addr %q: %v", o.addr, err)}
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/readyz", nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/readyz answered %s", resp.Status)
	}
	return nil
}

// keys creates, lists and revokes API keys. A new key's secret is printed alone on stdout, once.
func keys(ctx context.Context, o *options, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return usageError{"keys: say create, list or revoke NAME (run 'byregion help keys')"}
	}
	action, rest := args[0], args[1:]
	st, _, err := openStore(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	switch {
	case action == "create" && len(rest) == 0:
		if o.keyName == "" || o.keyScope == "" {
			return usageError{"keys create: --name and --scope are required"}
		}
		_, secret, err := st.CreateKey(ctx, o.keyName, domain.Scope(o.keyScope))
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, secret)
		return nil
	case action == "list" && len(rest) == 0:
		list, err := st.ListKeys(ctx)
		if err != nil {
			return err
		}
		for _, k := range list {
			state := "in use"
			if k.RevokedAt != nil {
				state = "revoked " + *k.RevokedAt
			}
			fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\n", k.Name, k.Scope, k.CreatedAt, state)
		}
		return nil
	case action == "revoke" && len(rest) == 1:
		return st.RevokeKey(ctx, rest[0])
	}
	return usageError{fmt.Sprintf("keys: %q is not create, list or revoke NAME", strings.Join(args, " "))}
}

// importFile imports a file as POST /api/v1/imports does, and prints the report as JSON. The changes log
// names the command line as who made the change.
func importFile(ctx context.Context, o *options, args []string, stdout io.Writer) error {
	if len(args) != 1 || o.importKind == "" {
		return usageError{"import: give --kind population|area and one FILE (run 'byregion help import')"}
	}
	f, err := os.Open(args[0])
	if err != nil {
		return err
	}
	defer f.Close()
	format := "json"
	if strings.HasSuffix(strings.ToLower(args[0]), ".csv") {
		format = "csv"
	}
	rows, rejected, skipped, err := imports.Parse(o.importKind, format, f, imports.Defaults{Source: o.source})
	if err != nil {
		return fmt.Errorf("read %s: %w", args[0], err)
	}
	st, _, err := openStore(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	report, err := st.ImportObservations(ctx, "cli", o.importKind, rows, rejected, skipped, o.dryRun)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(report); err != nil {
		return err
	}
	if report.Rejected > 0 {
		return fmt.Errorf("%d rows rejected; nothing was written", report.Rejected)
	}
	return nil
}
