#include "server/domain/filternotice.h"

#include "common/slug/streamslug.h"
#include "common/units/displayvalue.h"
#include "server/app/servercontext.h"
#include "server/ingest/streamresolver.h"
#include "server/store/devicestore.h"
#include "server/store/projectstore.h"
#include "server/store/streamstore.h"

namespace iotile {

Result<QHash<QString, QString>> FilterNotice::context(SqlConnection &db, ServerContext &server,
                                                      const QJsonObject &firing)
{
    QHash<QString, QString> ctx;
    const QString streamText = firing.value(QStringLiteral("stream")).toString();
    ctx.insert(QStringLiteral("label"), firing.value(QStringLiteral("filter_name")).toString());
    if (ctx.value(QStringLiteral("label")).isEmpty())
        ctx.insert(QStringLiteral("label"), firing.value(QStringLiteral("filter")).toString());
    ctx.insert(QStringLiteral("state"), firing.value(QStringLiteral("state")).toString());
    ctx.insert(QStringLiteral("on"),
               firing.value(QStringLiteral("on")).toString() == QLatin1String("exit")
                   ? QStringLiteral("from")
                   : QStringLiteral("into"));
    ctx.insert(QStringLiteral("ts"), firing.value(QStringLiteral("timestamp")).toString());
    ctx.insert(QStringLiteral("stream"), streamText);
    ctx.insert(QStringLiteral("device"), QString());
    ctx.insert(QStringLiteral("project"), QString());

    const auto slug = StreamSlug::parse(QStringView(streamText));
    if (slug) {
        IOTILE_TRY(stream, StreamStore(db).bySlug(streamText));
        if (stream && !stream->dataLabel.isEmpty())
            ctx.insert(QStringLiteral("stream"), stream->dataLabel);
        if (!slug->isVirtual()) {
            IOTILE_TRY(device, DeviceStore(db).byId(qint64(slug->device().id())));
            ctx.insert(QStringLiteral("device"),
                       device && !device->label.isEmpty() ? device->label : slug->device().toString());
        }
        IOTILE_TRY(project, ProjectStore(db).byGid(qint64(slug->project().id())));
        if (project)
            ctx.insert(QStringLiteral("project"), project->name);
    }

    const QJsonValue value = firing.value(QStringLiteral("value"));
    if (value.isDouble()) {
        double shown = value.toDouble();
        QString units;
        if (slug) {
            IOTILE_TRY(resolved, server.streams().resolve(db, *slug));
            if (resolved->outputMdo && resolved->outputUnit) {
                shown = resolved->outputMdo->compute(shown);
                units = resolved->outputUnit->unitShort;
            }
        }
        ctx.insert(QStringLiteral("value"), DisplayValue::formatWithUnits(shown, 2, units).trimmed());
    } else {
        ctx.insert(QStringLiteral("value"), QString());
    }
    return ctx;
}

QString FilterNotice::render(const QString &text, const QHash<QString, QString> &context)
{
    QString out;
    out.reserve(text.size() + 64);
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('{')) {
            const qsizetype close = text.indexOf(QLatin1Char('}'), i + 1);
            if (close > i) {
                const QString name = text.mid(i + 1, close - i - 1);
                const auto it = context.constFind(name);
                if (it != context.constEnd()) {
                    out += *it;
                    i = close + 1;
                    continue;
                }
            }
        }
        out += c;
        ++i;
    }
    return out;
}

QString FilterNotice::defaultText(const QHash<QString, QString> &ctx, const QString &customNote)
{
    QString text = QStringLiteral("Stream filter \"%1\": %2 moved %3 state \"%4\" at %5.")
                       .arg(ctx.value(QStringLiteral("label")), ctx.value(QStringLiteral("stream")),
                            ctx.value(QStringLiteral("on")), ctx.value(QStringLiteral("state")),
                            ctx.value(QStringLiteral("ts")));
    if (!ctx.value(QStringLiteral("value")).isEmpty())
        text += QStringLiteral("\nValue: %1").arg(ctx.value(QStringLiteral("value")));
    if (!ctx.value(QStringLiteral("device")).isEmpty())
        text += QStringLiteral("\nDevice: %1").arg(ctx.value(QStringLiteral("device")));
    if (!ctx.value(QStringLiteral("project")).isEmpty())
        text += QStringLiteral("\nProject: %1").arg(ctx.value(QStringLiteral("project")));
    if (!customNote.isEmpty())
        text += QStringLiteral("\n\n%1").arg(customNote);
    return text + QLatin1Char('\n');
}

} // namespace iotile
