// SPDX-License-Identifier: MIT
// What the run file's writer and reader share: the signature, the section tags, the checksum.
#pragma once

#include <QJsonValue>
#include <QString>
#include <QtGlobal>

namespace poolscope::runfile {

constexpr qsizetype SignatureSize = 16;
inline constexpr char Signature[SignatureSize + 1] = "poolscope-run/1\n";
constexpr quint32 MaxSection = 64u << 20;
constexpr int MaxWorkers = 4096; // far above any real pool; keeps a forged file from allocating lanes

constexpr quint32 tag(const char (&t)[5])
{
    return quint32(uchar(t[0])) | quint32(uchar(t[1])) << 8 | quint32(uchar(t[2])) << 16 | quint32(uchar(t[3])) << 24;
}
constexpr quint32 InfoTag = tag("INFO");
constexpr quint32 SpecTag = tag("SPEC");
constexpr quint32 TaskTag = tag("TASK");
constexpr quint32 EventTag = tag("EVNT");
// The same records big-endian: the Python recorder sorts its events as bytes (memcmp, no key function),
// which puts a big-endian time first in order.
constexpr quint32 BigEndianEventTag = tag("EVNB");
constexpr quint32 EndTag = tag("END!");
constexpr quint32 DeclTag = tag("DECL"); // a recording's pools, threads and Events
constexpr int MaxPools = 4096;
constexpr int MaxFlags = 1 << 16; // threading.Events a recording may name

quint32 crcUpdate(quint32 crc, const char *data, qsizetype size); // start with 0xFFFFFFFF, end with ^ 0xFFFFFFFF
QString tagName(quint32 tag); // printable, for messages
const QStringList &specFields();
// A JSON number that is a whole number within [min, max].
bool readInt(const QJsonValue &v, qint64 min, qint64 max, qint64 *out);

} // namespace poolscope::runfile
