package main

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/byregion/byregion/internal/store"
)

// The compose file of docs/DEPLOY.md runs what it says, as far as can be checked without a Docker engine:
// PostgreSQL in byte order, two replicas of this repository's image on it, each setting only variables the
// program reads, and nginx balancing over exactly those two. (Merge keys are resolved by the YAML parser,
// as compose resolves them.)
func TestComposeFileRunsTwoReplicasOnPostgres(t *testing.T) {
	b, err := os.ReadFile("docs/deploy/compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Image       string
			Build       string
			Environment map[string]string
			DependsOn   any `yaml:"depends_on"`
			Volumes     []string
		}
	}
	if err := yaml.Unmarshal(b, &compose); err != nil {
		t.Fatal(err)
	}
	db, ok := compose.Services["db"]
	if !ok || !strings.HasPrefix(db.Image, "postgres:") || !strings.Contains(db.Environment["POSTGRES_INITDB_ARGS"], "--locale=C") {
		t.Errorf("the database service: %+v", db)
	}
	known := map[string]bool{}
	for _, env := range flagEnv {
		known[env] = true
	}
	var replicas []string
	for name, s := range compose.Services {
		if s.Build == "" {
			continue
		}
		replicas = append(replicas, name)
		if s.Build != "../.." {
			t.Errorf("%s is built from %s, not the repository's Dockerfile", name, s.Build)
		}
		address := s.Environment["BYREGION_DB"]
		if !store.IsPostgres(address) || !strings.Contains(address, "@db:5432/") || !strings.Contains(address, "${POSTGRES_PASSWORD") {
			t.Errorf("%s's database: %q", name, address)
		}
		for env := range s.Environment {
			if !known[env] {
				t.Errorf("%s sets %s, which the program does not read", name, env)
			}
		}
	}
	slices.Sort(replicas)
	if !slices.Equal(replicas, []string{"api-1", "api-2"}) {
		t.Errorf("replicas: %v", replicas)
	}
	if lb := compose.Services["lb"]; !strings.HasPrefix(lb.Image, "nginx:") || !slices.Contains(lb.Volumes, "./nginx.conf:/etc/nginx/nginx.conf:ro") {
		t.Errorf("the load balancer: %+v", lb)
	}
	conf, err := os.ReadFile("docs/deploy/nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	upstreams := regexp.MustCompile(`(?m)^\s*server (\S+):8080\b`).FindAllStringSubmatch(string(conf), -1)
	var balanced []string
	for _, u := range upstreams {
		balanced = append(balanced, u[1])
	}
	if !slices.Equal(balanced, replicas) || !strings.Contains(string(conf), "proxy_pass http://byregion;") {
		t.Errorf("nginx balances over %v, want %v", balanced, replicas)
	}
	if strings.Contains(string(b), "POSTGRES_PASSWORD:") && !strings.Contains(string(b), "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?") {
		t.Error("the compose file holds a password")
	}
}
