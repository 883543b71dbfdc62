package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// byteSize is a flag of a number of bytes, written plainly or with a K, M or G suffix (powers of 1024).
type byteSize int64

// String writes the size as Set reads it, with the largest suffix that divides it.
func (b *byteSize) String() string {
	n := int64(*b)
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}} {
		if n != 0 && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

func (b *byteSize) Set(s string) error {
	text := strings.ToUpper(strings.TrimSpace(s))
	unit := int64(1)
	for suffix, u := range map[string]int64{"K": 1 << 10, "M": 1 << 20, "G": 1 << 30} {
		if rest, ok := strings.CutSuffix(strings.TrimSuffix(text, "B"), suffix); ok {
			text, unit = rest, u
		}
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil || n < 0 || n > (1<<40)/unit {
		return errors.New("not a size: give bytes, or a whole number with K, M or G, such as 512K or 32M")
	}
	*b = byteSize(n * unit)
	return nil
}

// networks is a flag of comma-separated address ranges (CIDR) or single addresses.
type networks []*net.IPNet

func (n *networks) String() string {
	var parts []string
	for _, r := range *n {
		parts = append(parts, r.String())
	}
	return strings.Join(parts, ",")
}

func (n *networks) Set(s string) error {
	*n = nil
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			ip := net.ParseIP(part)
			if ip == nil {
				return fmt.Errorf("%q is not an address or a range such as 10.0.0.0/8", part)
			}
			bits := 128
			if ip.To4() != nil {
				ip, bits = ip.To4(), 32
			}
			*n = append(*n, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, r, err := net.ParseCIDR(part)
		if err != nil {
			return fmt.Errorf("%q is not an address or a range such as 10.0.0.0/8", part)
		}
		*n = append(*n, r)
	}
	return nil
}

// publicURL is a flag of the scheme and host clients reach the API at, which its links begin with.
type publicURL string

func (p *publicURL) String() string { return string(*p) }

func (p *publicURL) Set(s string) error {
	u, err := url.Parse(strings.TrimSuffix(strings.TrimSpace(s), "/"))
	if s != "" && (err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil) {
		return errors.New("not a public URL: give the scheme and host, such as https://api.example.no, with a path if the API is served under one")
	}
	if s != "" {
		*p = publicURL(u.String())
	} else {
		*p = ""
	}
	return nil
}
