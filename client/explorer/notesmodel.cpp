#include "client/explorer/notesmodel.h"

#include "common/api/apiclient.h"
#include "common/api/note.h"

#include <QLocale>

#include <algorithm>

namespace iotile {

void NotesModel::setTarget(const QString &target)
{
    m_target = target;
    if (target.isEmpty())
        clear();
    else
        load(QStringLiteral("/api/v1/note/"), QUrlQuery {{QStringLiteral("target"), target}});
}

void NotesModel::sortRecords(QList<QJsonObject> &records) const
{
    // ISO-8601 texts in UTC sort as their times do.
    std::stable_sort(records.begin(), records.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return a.value(QLatin1String("timestamp")).toString()
            > b.value(QLatin1String("timestamp")).toString();
    });
}

void NotesModel::addNote(const QString &text)
{
    if (m_target.isEmpty() || text.trimmed().isEmpty())
        return;
    api::ApiReply *reply =
        api()->post(QStringLiteral("/api/v1/note/"),
                    api::Note::createBody(m_target, QDateTime::currentDateTimeUtc(), text));
    track(reply, [this](api::ApiReply *r) { insertRecord(0, r->object()); });
}

int NotesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant NotesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    const api::Note note = api::Note::fromJson(record(index.row()));
    switch (index.column()) {
    case TimeColumn:
        return QLocale().toString(note.timestamp.toLocalTime(), QLocale::ShortFormat);
    case UserColumn:
        return note.user;
    case NoteColumn:
        return note.text;
    default:
        return {};
    }
}

QVariant NotesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case UserColumn:
        return tr("User");
    case NoteColumn:
        return tr("Note");
    default:
        return {};
    }
}

} // namespace iotile
