#!/usr/bin/env bash
# Provisions the programs the test suite drives, so that README's test command (mvn -B install) passes on a fresh
# machine: the build runs this first (root pom, phase validate), and CI calls nothing else.
#
#   ip (iproute2)        network namespaces, veth, bridges: every multi-host test
#   nft (nftables)       NAT routers between namespaces
#   python3              plain multicast peers, the hand-written AMT client and DNS server
#   tcpdump, tshark      captures, and Wireshark's decoding of every wire format
#   ethtool              checksum offload off, so that captures show what was sent
#   chromium             the web console test's real browser
#   ffmpeg, ffprobe      the UDP bridge test's MPEG-TS stream
#
# As root with apt-get, missing programs are installed (Debian packages). Otherwise the missing ones are listed with the
# command that installs them; the tests that need them (all of which need root for namespaces anyway) then skip, saying so.
# Arguments: the build's skipTests and maven.test.skip values; either "true" skips provisioning (./polycast's build).
set -euo pipefail

for flag in "$@"; do
  if [ "$flag" = "true" ]; then
    exit 0
  fi
done
if [ "${POLYCAST_PROVISION:-yes}" = "no" ]; then
  echo "provision: POLYCAST_PROVISION=no, not checking the test tools"
  exit 0
fi

# program:package pairs
wanted="ip:iproute2 nft:nftables python3:python3-minimal tcpdump:tcpdump tshark:tshark text2pcap:tshark ethtool:ethtool chromium:chromium ffmpeg:ffmpeg ffprobe:ffmpeg"
missing_packages=""
missing_programs=""
for pair in $wanted; do
  program="${pair%%:*}"
  package="${pair##*:}"
  if ! command -v "$program" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$program" ] && [ ! -x "/usr/bin/$program" ]; then
    missing_programs="$missing_programs $program"
    case " $missing_packages " in
      *" $package "*) ;;
      *) missing_packages="$missing_packages $package" ;;
    esac
  fi
done

if [ -z "$missing_packages" ]; then
  echo "provision: every test tool is present"
  exit 0
fi

if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "provision: WARNING: missing test tools:$missing_programs"
  echo "provision: install them with: sudo apt-get install -y$missing_packages"
  echo "provision: the tests that need them skip (they need root for network namespaces as well)"
  exit 0
fi

echo "provision: installing$missing_packages (for:$missing_programs)"
export DEBIAN_FRONTEND=noninteractive
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { apt-get update -qq && apt-get install -y -qq $missing_packages; } >"$log" 2>&1; then
  cat "$log"
  echo "provision: ERROR: apt-get could not install$missing_packages"
  exit 1
fi
for pair in $wanted; do
  program="${pair%%:*}"
  if ! command -v "$program" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$program" ] && [ ! -x "/usr/bin/$program" ]; then
    echo "provision: ERROR: $program is still missing after installing$missing_packages"
    exit 1
  fi
done
echo "provision: installed$missing_packages"
