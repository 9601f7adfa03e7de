package redistest

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
)

func TestServer(t *testing.T) {
	addr := Server(t)
	c := redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true})
	defer c.Close()
	if err := c.Set(context.Background(), "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
}

func TestCluster(t *testing.T) {
	addr := Cluster(t)
	c := redis.NewClusterClient(&redis.ClusterOptions{Addrs: []string{addr}, DisableIdentity: true})
	defer c.Close()
	ctx := context.Background()
	// Keys in different slots work one by one; together in one transaction they must not.
	if err := c.Set(ctx, "a", "1", 0).Err(); err != nil {
		t.Fatal(err)
	}
	_, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, "a", "1", 0)
		p.Set(ctx, "b", "2", 0)
		return nil
	})
	if err == nil {
		t.Fatal("a cross-slot transaction worked on the cluster")
	}
}

func TestRestartable(t *testing.T) {
	r := NewRestartable(t)
	c := redis.NewClient(&redis.Options{Addr: r.Addr, DisableIdentity: true, MaxRetries: -1})
	defer c.Close()
	ctx := context.Background()
	if err := c.Set(ctx, "k", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	r.Stop()
	if err := c.Ping(ctx).Err(); err == nil {
		t.Fatal("the stopped server answers")
	}
	r.Start()
	if got, err := c.Get(ctx, "k").Result(); err != nil || got != "v" {
		t.Fatalf("after a restart GET k = %q, %v; want v", got, err)
	}
}
