// make_bolt writes the containerd bolt databases of the Docker fixture (tests/support/docker_fixture.ts)
// with the real bbolt library (go.etcd.io/bbolt v1.3.5), following containerd's bucket layout:
//   meta.db      v1/<ns>/images/<name>/target/{digest,mediatype,size}, v1/<ns>/containers/<id>/{image,
//                snapshotter,snapshotKey}, v1/<ns>/snapshots/<snapshotter>/<key>/{name,parent},
//                v1/<ns>/content/blob/<digest>/size   [containerd core/metadata/buckets.go]
//   metadata.db  v1/snapshots/<backend name>/{id,kind,parent,size,inodes}, v1/parents
//                [containerd core/snapshots/storage/bolt.go]
// Backend names are "<ns>/<seq>/<key>" with a sequence of their own (not the folder number), so a
// reader must go through metadata.db to find a snapshot's folder. Two hundred gc labels on one
// image make its bucket span several pages (branch and leaf pages, not only inline buckets).
//
//	npx tsx tests/usage/docker_bolt/spec.ts > /tmp/spec.json && go run make_bolt.go /tmp/spec.json tests/usage/docker_bolt
package main

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

type spec struct {
	Namespace   string `json:"namespace"`
	Snapshotter string `json:"snapshotter"`
	Images      []struct {
		Name, Digest, MediaType string
		Size                    int64
	} `json:"images"`
	Containers []struct {
		ID, Image, SnapshotKey string
	} `json:"containers"`
	Snapshots []struct {
		Key    string `json:"key"`
		ID     uint64 `json:"id"`
		Parent string `json:"parent"`
		Kind   byte   `json:"kind"`
	} `json:"snapshots"`
	Blobs []struct {
		Digest string
		Size   int64
	} `json:"blobs"`
}

func varint(v int64) []byte {
	b := make([]byte, binary.MaxVarintLen64)
	return b[:binary.PutVarint(b, v)]
}

func uvarint(v uint64) []byte {
	b := make([]byte, binary.MaxVarintLen64)
	return b[:binary.PutUvarint(b, v)]
}

func bucket(parent interface {
	CreateBucketIfNotExists([]byte) (*bolt.Bucket, error)
}, names ...string) *bolt.Bucket {
	var b *bolt.Bucket
	var err error
	for i, n := range names {
		if i == 0 {
			b, err = parent.CreateBucketIfNotExists([]byte(n))
		} else {
			b, err = b.CreateBucketIfNotExists([]byte(n))
		}
		if err != nil {
			panic(err)
		}
	}
	return b
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}

func main() {
	raw, err := os.ReadFile(os.Args[1])
	must(err)
	var s spec
	must(json.Unmarshal(raw, &s))
	out := os.Args[2]
	backend := map[string]string{}
	for i, sn := range s.Snapshots {
		backend[sn.Key] = fmt.Sprintf("%s/%d/%s", s.Namespace, 40+i*3, sn.Key)
	}

	meta, err := bolt.Open(filepath.Join(out, "meta.db"), 0o644, nil)
	must(err)
	must(meta.Update(func(tx *bolt.Tx) error {
		v1 := bucket(tx, "v1")
		must(v1.Put([]byte("version"), varint(3)))
		for i, img := range s.Images {
			t := bucket(v1, s.Namespace, "images", img.Name, "target")
			must(t.Put([]byte("digest"), []byte(img.Digest)))
			must(t.Put([]byte("mediatype"), []byte(img.MediaType)))
			must(t.Put([]byte("size"), varint(img.Size)))
			if i == 0 {
				labels := bucket(v1, s.Namespace, "images", img.Name, "labels")
				for n := 0; n < 200; n++ {
					must(labels.Put([]byte(fmt.Sprintf("containerd.io/gc.ref.content.m.%03d", n)), []byte(img.Digest)))
				}
			}
		}
		for _, c := range s.Containers {
			b := bucket(v1, s.Namespace, "containers", c.ID)
			must(b.Put([]byte("image"), []byte(c.Image)))
			must(b.Put([]byte("snapshotter"), []byte(s.Snapshotter)))
			must(b.Put([]byte("snapshotKey"), []byte(c.SnapshotKey)))
		}
		for _, sn := range s.Snapshots {
			b := bucket(v1, s.Namespace, "snapshots", s.Snapshotter, sn.Key)
			must(b.Put([]byte("name"), []byte(backend[sn.Key])))
			if sn.Parent != "" {
				must(b.Put([]byte("parent"), []byte(sn.Parent)))
			}
		}
		for _, bl := range s.Blobs {
			b := bucket(v1, s.Namespace, "content", "blob", bl.Digest)
			must(b.Put([]byte("size"), varint(bl.Size)))
		}
		return nil
	}))
	must(meta.Close())

	snaps, err := bolt.Open(filepath.Join(out, "metadata.db"), 0o644, nil)
	must(err)
	must(snaps.Update(func(tx *bolt.Tx) error {
		parents := bucket(tx, "v1", "parents")
		for _, sn := range s.Snapshots {
			b := bucket(tx, "v1", "snapshots", backend[sn.Key])
			must(b.Put([]byte("id"), uvarint(sn.ID)))
			must(b.Put([]byte("kind"), []byte{sn.Kind}))
			if sn.Parent != "" {
				must(b.Put([]byte("parent"), []byte(backend[sn.Parent])))
				for _, p := range s.Snapshots {
					if p.Key == sn.Parent {
						k := append(append(uvarint(p.ID), 0), uvarint(sn.ID)...)
						must(parents.Put(k, []byte(backend[sn.Key])))
					}
				}
			}
		}
		return nil
	}))
	must(snaps.Close())
}
