package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
)

// A key's secret is "byr_<id>_<random>": the id finds the key's row without revealing anything, and only
// the SHA-256 of the whole secret is stored. The random part has 256 bits, so a plain hash is enough.

const keyPrefix = "byr_"

func randomString(bytes int) string {
	b := make([]byte, bytes)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}

func hashSecret(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// CreateKey makes a key and returns its secret, which is not stored and cannot be shown again.
func (s *Store) CreateKey(ctx context.Context, name string, scope domain.Scope) (domain.APIKey, string, error) {
	if strings.TrimSpace(name) == "" || len(name) > 100 {
		return domain.APIKey{}, "", domain.Invalid("body", "name", "must be 1 to 100 characters")
	}
	if !scope.Allows(domain.ScopeRead) {
		return domain.APIKey{}, "", domain.Invalid("body", "scope", "must be read, write or admin")
	}
	id := randomString(6)
	secret := keyPrefix + id + "_" + randomString(32)
	row := apiKeyRow{ID: id, Name: name, Scope: string(scope), Hash: hashSecret(secret), CreatedAt: now()}
	if err := s.db.WithContext(ctx).Create(&row).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return domain.APIKey{}, "", domain.Errorf(domain.ECONFLICT, "A key named %q exists already.", name)
		}
		return domain.APIKey{}, "", err
	}
	return domain.APIKey{Name: name, Scope: scope, CreatedAt: row.CreatedAt}, secret, nil
}

// ListKeys lists every key, without secrets.
func (s *Store) ListKeys(ctx context.Context) ([]domain.APIKey, error) {
	var rows []apiKeyRow
	if err := s.db.WithContext(ctx).Order("name").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]domain.APIKey, len(rows))
	for i, r := range rows {
		out[i] = domain.APIKey{Name: r.Name, Scope: domain.Scope(r.Scope), CreatedAt: r.CreatedAt, RevokedAt: r.RevokedAt}
	}
	return out, nil
}

// RevokeKey revokes the key with the name; it stays listed.
func (s *Store) RevokeKey(ctx context.Context, name string) error {
	res := s.db.WithContext(ctx).Model(&apiKeyRow{}).Where("name = ? AND revoked_at IS NULL", name).Update("revoked_at", now())
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return domain.Errorf(domain.ENOTFOUND, "No key in use is named %q.", name)
	}
	return nil
}

// Authenticate returns the key a secret belongs to, comparing hashes in constant time.
func (s *Store) Authenticate(ctx context.Context, secret string) (domain.APIKey, error) {
	rest, ok := strings.CutPrefix(secret, keyPrefix)
	id, _, ok2 := strings.Cut(rest, "_")
	if !ok || !ok2 || len(id) != 12 {
		return domain.APIKey{}, domain.ErrBadKey
	}
	var rows []apiKeyRow
	if err := s.db.WithContext(ctx).Where("id = ?", id).Limit(1).Find(&rows).Error; err != nil {
		return domain.APIKey{}, err
	}
	want := strings.Repeat("0", 64) // compare against something even when the id is unknown
	if len(rows) == 1 {
		want = rows[0].Hash
	}
	match := subtle.ConstantTimeCompare([]byte(hashSecret(secret)), []byte(want)) == 1
	if len(rows) != 1 || !match || rows[0].RevokedAt != nil {
		return domain.APIKey{}, domain.ErrBadKey
	}
	r := rows[0]
	return domain.APIKey{Name: r.Name, Scope: domain.Scope(r.Scope), CreatedAt: r.CreatedAt}, nil
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }
