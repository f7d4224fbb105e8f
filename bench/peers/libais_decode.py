#!/usr/bin/python3
"""Benchmark peer: decode an NMEA file with libais (Debian python3-ais) and print JSON counts.

Run with Debian's /usr/bin/python3 (python3-ais is installed for it, not for pyenv):
    /usr/bin/python3 bench/peers/libais_decode.py FILE

Each line is parsed as !xxVDM/!xxVDO (any talker); multi-part payloads are joined per (talker, fragment
count, sequence id, channel) so interleaved messages reassemble; ais.decode(payload, fill_bits)
decodes every field of every complete message. A decode exception counts as rejected, by the
exception text's first words. The result is built (a dict) and dropped, as a consumer would.
"""

import json
import sys

import ais


def main(path):
    decoded = 0
    rejected = 0
    sentences = 0
    skipped_lines = 0
    by_type = {}
    by_reason = {}
    pending = {}
    with open(path, 'rb') as f:
        for raw in f:
            line = raw.strip()
            if not line:
                continue
            star = line.rfind(b'*')
            # any talker (AI, SA, BS, ...) with a VDM/VDO sentence
            if star < 0 or line[:1] != b'!' or line[3:6] not in (b'VDM', b'VDO'):
                skipped_lines += 1
                continue
            fields = line[:star].split(b',')
            if len(fields) != 7:
                skipped_lines += 1
                continue
            sentences += 1
            try:
                count = int(fields[1])
                number = int(fields[2])
                fill_bits = int(fields[6])
            except ValueError:
                skipped_lines += 1
                continue
            payload = fields[5]
            if count > 1:
                key = (fields[0], count, fields[3], fields[4])
                parts = pending.get(key)
                if number == 1 or parts is None:
                    parts = []
                    pending[key] = parts
                if number != len(parts) + 1:
                    # out-of-order fragment: drop what was gathered, as libais' own queue does
                    del pending[key]
                    rejected += 1
                    by_reason['fragment out of order'] = by_reason.get('fragment out of order', 0) + 1
                    continue
                parts.append(payload)
                if number < count:
                    continue
                del pending[key]
                payload = b''.join(parts)
            try:
                msg = ais.decode(payload.decode('ascii'), fill_bits)
            except Exception as e:  # libais raises ais.DecodeError; count any failure
                rejected += 1
                reason = ' '.join(str(e).split(' ')[:4])
                by_reason[reason] = by_reason.get(reason, 0) + 1
                continue
            decoded += 1
            t = msg.get('id')
            by_type[t] = by_type.get(t, 0) + 1
    print(json.dumps({
        'decoder': 'libais ' + getattr(ais, '__version__', '?'),
        'sentences': sentences,
        'messages': decoded + rejected,
        'decoded': decoded,
        'rejected': rejected,
        'skippedLines': skipped_lines,
        'incompleteAtEnd': len(pending),
        'byType': {str(k): v for k, v in sorted(by_type.items(), key=lambda kv: str(kv[0]))},
        'rejectedByReason': by_reason,
    }))


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.stderr.write('usage: /usr/bin/python3 libais_decode.py FILE\n')
        sys.exit(2)
    main(sys.argv[1])
