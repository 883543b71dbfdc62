package store

import (
	"context"
	"strings"
	"testing"

	"github.com/byregion/byregion/internal/domain"
)

// A key's secret authenticates it until it is revoked; only its hash is stored; a guess, a near miss or a
// revoked key is refused the same way, and nothing tells which.
func TestKeys(t *testing.T) {
	t.Parallel()
	s := migrated(t)
	ctx := context.Background()
	_, secret, err := s.CreateKey(ctx, "fylket", domain.ScopeWrite)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(secret, "byr_") || len(secret) != len("byr_")+12+1+64 {
		t.Errorf("the secret %q is not byr_<id>_<random>", secret)
	}
	var stored []string
	if err := s.db.Raw("SELECT hash FROM api_keys").Scan(&stored).Error; err != nil {
		t.Fatal(err)
	}
	if len(stored) != 1 || strings.Contains(stored[0], secret) || stored[0] != hashSecret(secret) {
		t.Errorf("stored %v", stored)
	}
	key, err := s.Authenticate(ctx, secret)
	if err != nil || key.Name != "fylket" || key.Scope != domain.ScopeWrite {
		t.Fatalf("%v %+v", err, key)
	}

	_, other, err := s.CreateKey(ctx, "kommunen", domain.ScopeRead)
	if err != nil {
		t.Fatal(err)
	}
	nearMiss := secret[:len(secret)-1] + map[bool]string{true: "0", false: "1"}[secret[len(secret)-1] != '0']
	otherID := strings.Split(other, "_")[1]
	for _, guess := range []string{"", "byr_", "byr__", "Bearer " + secret, strings.ToUpper(secret), nearMiss,
		"byr_" + otherID + "_" + strings.Split(secret, "_")[2], // one key's id with another's random part
		"byr_000000000000_" + strings.Repeat("0", 64)} {
		if _, err := s.Authenticate(ctx, guess); err != domain.ErrBadKey {
			t.Errorf("%q: %v", guess, err)
		}
	}

	if _, _, err := s.CreateKey(ctx, "fylket", domain.ScopeAdmin); code(err) != domain.ECONFLICT {
		t.Errorf("a second key of the name: %v", err)
	}
	for _, bad := range []struct {
		name  string
		scope domain.Scope
	}{{"", domain.ScopeRead}, {"   ", domain.ScopeRead}, {strings.Repeat("n", 101), domain.ScopeRead}, {"root", "root"}} {
		if _, _, err := s.CreateKey(ctx, bad.name, bad.scope); code(err) != domain.EINVALID {
			t.Errorf("a key %q of scope %q: %v", bad.name, bad.scope, err)
		}
	}

	if err := s.RevokeKey(ctx, "fylket"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, secret); err != domain.ErrBadKey {
		t.Errorf("a revoked key: %v", err)
	}
	if err := s.RevokeKey(ctx, "fylket"); code(err) != domain.ENOTFOUND {
		t.Errorf("revoking twice: %v", err)
	}
	keys, err := s.ListKeys(ctx)
	if err != nil || len(keys) != 2 || keys[0].Name != "fylket" || keys[0].RevokedAt == nil || keys[1].RevokedAt != nil {
		t.Errorf("%v %+v", err, keys)
	}
	if _, err := s.Authenticate(ctx, other); err != nil {
		t.Errorf("the other key after a revocation: %v", err)
	}
}
