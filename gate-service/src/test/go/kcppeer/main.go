// Command kcppeer is the kcp-go side of the gate's KCP interoperability tests: kcp-go is the
// KCP library of due's gate, so a peer built on it stands for due's clients and servers.
//
//	kcppeer client -addr 127.0.0.1:3555 -route 1 -seq 7 -payload hello
//	    dials with kcp-go's defaults (no FEC, no encryption), sends a heartbeat and one
//	    due-framed packet (big-endian, 2-byte route and seq), and exits 0 once the heartbeat
//	    and an identical packet came back.
//	kcppeer server -addr 127.0.0.1:0
//	    prints "LISTENING host:port", then echoes every conversation's bytes until stdin closes.
//
// Both apply the gate's default tuning (nodelay 1, interval 10 ms, resend 2, nc 1, windows
// 128/128) unless given -fast=false, which keeps kcp-go's own session defaults.
package main

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	kcp "github.com/xtaci/kcp-go"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: kcppeer client|server [flags]")
	}
	flags := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	addr := flags.String("addr", "127.0.0.1:3555", "address to dial or listen on")
	route := flags.Int("route", 1, "route of the request")
	seq := flags.Int("seq", 7, "seq of the request")
	payload := flags.String("payload", "hello from kcp-go", "payload of the request")
	fast := flags.Bool("fast", true, "use the gate's default nodelay settings (1, 10, 2, 1)")
	flags.Parse(os.Args[2:])
	switch os.Args[1] {
	case "client":
		client(*addr, uint16(*route), uint16(*seq), []byte(*payload), *fast)
	case "server":
		server(*addr, *fast)
	default:
		fail("unknown mode " + os.Args[1])
	}
}

func tune(s *kcp.UDPSession, fast bool) {
	if fast {
		s.SetNoDelay(1, 10, 2, 1)
		s.SetWindowSize(128, 128)
	}
}

func client(addr string, route, seq uint16, payload []byte, fast bool) {
	s, err := kcp.DialWithOptions(addr, nil, 0, 0)
	if err != nil {
		fail("dial: " + err.Error())
	}
	defer s.Close()
	tune(s, fast)
	s.SetDeadline(time.Now().Add(10 * time.Second))
	heartbeat := []byte{0, 0, 0, 1, 0x80}
	request := packet(route, seq, payload)
	if _, err := s.Write(append(append([]byte{}, heartbeat...), request...)); err != nil {
		fail("write: " + err.Error())
	}
	reader := bufio.NewReader(s)
	if got := readPacket(reader); !bytes.Equal(got, heartbeat) {
		fail(fmt.Sprintf("expected a heartbeat, got % x", got))
	}
	if got := readPacket(reader); !bytes.Equal(got, request) {
		fail(fmt.Sprintf("expected % x, got % x", request, got))
	}
	fmt.Println("OK")
}

func server(addr string, fast bool) {
	listener, err := kcp.ListenWithOptions(addr, nil, 0, 0)
	if err != nil {
		fail("listen: " + err.Error())
	}
	fmt.Println("LISTENING " + listener.Addr().String())
	go func() {
		// The test closes stdin to stop the peer, also when the JVM dies.
		io.Copy(io.Discard, os.Stdin)
		os.Exit(0)
	}()
	for {
		s, err := listener.AcceptKCP()
		if err != nil {
			fail("accept: " + err.Error())
		}
		tune(s, fast)
		go func() {
			defer s.Close()
			io.Copy(s, s)
		}()
	}
}

func packet(route, seq uint16, payload []byte) []byte {
	out := make([]byte, 4+1+2+2+len(payload))
	binary.BigEndian.PutUint32(out, uint32(1+2+2+len(payload)))
	binary.BigEndian.PutUint16(out[5:], route)
	binary.BigEndian.PutUint16(out[7:], seq)
	copy(out[9:], payload)
	return out
}

func readPacket(r *bufio.Reader) []byte {
	head := make([]byte, 4)
	if _, err := io.ReadFull(r, head); err != nil {
		fail("read: " + err.Error())
	}
	size := binary.BigEndian.Uint32(head)
	if size > 65536 {
		fail(fmt.Sprintf("size %d too large", size))
	}
	body := make([]byte, size)
	if _, err := io.ReadFull(r, body); err != nil {
		fail("read: " + err.Error())
	}
	return append(head, body...)
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "kcppeer: "+message)
	os.Exit(1)
}
