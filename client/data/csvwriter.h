#pragma once

#include <QByteArray>
#include <QStringList>

class QIODevice;

namespace iotile {

// RFC 4180 rows (quoted only where needed, CRLF line ends) written through a buffer, so a million rows
// are not a million small writes.
class CsvWriter final
{
public:
    explicit CsvWriter(QIODevice *device);
    ~CsvWriter();

    void writeRow(const QStringList &fields);
    // Fields already in their final text form (numbers, timestamps): no quoting check.
    void writeRawRow(const QList<QByteArray> &fields);
    // Writes what is buffered; false when the device refused it.
    bool flush();

    static QByteArray escape(const QString &field);
    // The shortest text that reads back as the same double.
    static QByteArray number(double value);
    // ISO-8601 UTC with milliseconds when there are any: 2024-01-02T03:04:05Z.
    static QByteArray timestamp(qint64 msecsSinceEpoch);

private:
    QIODevice *m_device;
    QByteArray m_buffer;
    bool m_ok = true;
};

} // namespace iotile
