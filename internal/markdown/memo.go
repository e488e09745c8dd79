package markdown

import (
	"container/list"
	"crypto/sha256"
	"sync"
)

// Rendering is a pure function of the source, and the same texts are shown again
// and again (a charter on every visit to its community, a meeting's notes on every
// look at the history), so the renderer remembers recent results. Entries are keyed
// by a hash of the source and its mode; the cache is bounded in bytes.

const memoBytes = 8 << 20

type memoKey struct {
	sum  [sha256.Size]byte
	mode int // -1 for HTML, else Text's max
}

type memoEntry struct {
	key memoKey
	out string
}

type memo struct {
	mu    sync.Mutex
	size  int
	items map[memoKey]*list.Element
	lru   *list.List
}

func newMemo() *memo { return &memo{items: map[memoKey]*list.Element{}, lru: list.New()} }

// get returns the remembered output for src in mode, or renders and remembers it.
// Sources too small to be worth hashing are rendered each time.
func (m *memo) get(src string, mode int, render func() string) string {
	if len(src) < 64 {
		return render()
	}
	key := memoKey{sum: sha256.Sum256([]byte(src)), mode: mode}
	m.mu.Lock()
	if el, ok := m.items[key]; ok {
		m.lru.MoveToFront(el)
		out := el.Value.(*memoEntry).out
		m.mu.Unlock()
		return out
	}
	m.mu.Unlock()
	out := render()
	if len(out) > memoBytes/16 {
		return out
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.items[key]; !ok {
		m.items[key] = m.lru.PushFront(&memoEntry{key: key, out: out})
		m.size += len(out) + 64
		for m.size > memoBytes {
			el := m.lru.Back()
			e := m.lru.Remove(el).(*memoEntry)
			delete(m.items, e.key)
			m.size -= len(e.out) + 64
		}
	}
	return out
}
