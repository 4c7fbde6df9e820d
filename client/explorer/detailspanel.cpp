#include "client/explorer/detailspanel.h"

#include "client/explorer/configattributesmodel.h"
#include "client/explorer/locationsmodel.h"
#include "client/explorer/notesmodel.h"
#include "client/explorer/propertiesmodel.h"
#include "client/widgets/errortext.h"
#include "client/widgets/noticebar.h"
#include "common/api/apiclient.h"
#include "common/api/wirejson.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace iotile {

namespace {

QString text(const QJsonObject &object, const char *key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isBool())
        return value.toBool() ? DetailsPanel::tr("Yes") : DetailsPanel::tr("No");
    if (value.isDouble())
        return QLocale().toString(value.toDouble(), 'g', 12);
    return value.toString();
}

QString date(const QJsonObject &object, const char *key)
{
    const QDateTime when = api::wire::dateTime(object.value(QLatin1String(key)));
    return when.isValid() ? QLocale().toString(when.toLocalTime(), QLocale::ShortFormat) : QString();
}

} // namespace

DetailsPanel::DetailsPanel(api::ApiClient *api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_title(new QLabel(this))
    , m_notice(new NoticeBar(this))
    , m_tabs(new QTabWidget(this))
    , m_properties(new PropertiesModel(api, this))
    , m_notes(new NotesModel(api, this))
    , m_locations(new LocationsModel(api, this))
    , m_config(new ConfigAttributesModel(api, this))
{
    setObjectName(QStringLiteral("details"));
    m_tabs->setObjectName(QStringLiteral("detailsTabs"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_overview = buildOverview();
    m_propertiesTab = buildProperties();
    m_notesTab = buildNotes();
    m_locationsTab = buildLocations();
    m_configTab = buildConfig();
    m_tabs->addTab(m_overview, tr("Overview"));
    m_tabs->addTab(m_propertiesTab, tr("Properties"));
    m_tabs->addTab(m_notesTab, tr("Notes"));
    m_tabs->addTab(m_locationsTab, tr("Locations"));
    m_tabs->addTab(m_configTab, tr("Configuration"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_notice);
    layout->addWidget(m_tabs, 1);

    for (RecordListModel *model :
         {static_cast<RecordListModel *>(m_properties), static_cast<RecordListModel *>(m_notes),
          static_cast<RecordListModel *>(m_locations), static_cast<RecordListModel *>(m_config)})
        watch(model);
    connect(m_tabs, &QTabWidget::currentChanged, this, &DetailsPanel::loadCurrentTab);
    setItem(ExplorerNode::Kind::Root, {});
}

void DetailsPanel::watch(RecordListModel *model)
{
    connect(model, &RecordListModel::failed, this,
            [this](const QString &message) { m_notice->showMessage(message, NoticeBar::Level::Error); });
    connect(model, &RecordListModel::saved, m_notice, &QWidget::hide);
}

QTableView *DetailsPanel::tableFor(RecordListModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->setAlternatingRowColors(true);
    view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    return view;
}

QWidget *DetailsPanel::buildOverview()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_labelEditor = new QWidget(page);
    m_label = new QLineEdit(m_labelEditor);
    m_label->setObjectName(QStringLiteral("deviceLabel"));
    auto *save = new QPushButton(tr("Save Label"), m_labelEditor);
    save->setObjectName(QStringLiteral("saveLabel"));
    auto *editorLayout = new QHBoxLayout(m_labelEditor);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(new QLabel(tr("Label:"), m_labelEditor));
    editorLayout->addWidget(m_label, 1);
    editorLayout->addWidget(save);
    connect(save, &QPushButton::clicked, this, [this] { saveLabel(m_label->text()); });
    connect(m_label, &QLineEdit::returnPressed, this, [this] { saveLabel(m_label->text()); });
    m_form = new QFormLayout;
    layout->addWidget(m_labelEditor);
    layout->addLayout(m_form);
    layout->addStretch(1);
    return page;
}

QWidget *DetailsPanel::buildProperties()
{
    auto *page = new QWidget(this);
    m_propertiesView = tableFor(m_properties, page);
    m_propertiesView->setObjectName(QStringLiteral("propertiesView"));
    auto *name = new QLineEdit(page);
    name->setPlaceholderText(tr("Name"));
    auto *type = new QComboBox(page);
    type->addItem(tr("Text"), QStringLiteral("str"));
    type->addItem(tr("Integer"), QStringLiteral("int"));
    type->addItem(tr("Yes/No"), QStringLiteral("bool"));
    auto *value = new QLineEdit(page);
    value->setPlaceholderText(tr("Value"));
    auto *set = new QPushButton(tr("Set"), page);
    auto *remove = new QPushButton(tr("Remove"), page);
    auto *row = new QHBoxLayout;
    row->addWidget(name, 1);
    row->addWidget(type);
    row->addWidget(value, 2);
    row->addWidget(set);
    row->addWidget(remove);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_propertiesView, 1);
    layout->addLayout(row);
    connect(set, &QPushButton::clicked, this, [this, name, type, value] {
        if (!name->text().trimmed().isEmpty())
            m_properties->setProperty(name->text().trimmed(), type->currentData().toString(), value->text());
    });
    connect(remove, &QPushButton::clicked, this,
            [this] { m_properties->removeProperty(m_propertiesView->currentIndex().row()); });
    return page;
}

QWidget *DetailsPanel::buildNotes()
{
    auto *page = new QWidget(this);
    auto *view = tableFor(m_notes, page);
    view->setWordWrap(true);
    auto *note = new QLineEdit(page);
    note->setObjectName(QStringLiteral("newNote"));
    note->setPlaceholderText(tr("Write a note and press Enter"));
    auto *add = new QPushButton(tr("Add Note"), page);
    auto *row = new QHBoxLayout;
    row->addWidget(note, 1);
    row->addWidget(add);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(view, 1);
    layout->addLayout(row);
    auto submit = [this, note] {
        m_notes->addNote(note->text());
        note->clear();
    };
    connect(add, &QPushButton::clicked, this, submit);
    connect(note, &QLineEdit::returnPressed, this, submit);
    return page;
}

QWidget *DetailsPanel::buildLocations()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(tableFor(m_locations, page));
    return page;
}

QWidget *DetailsPanel::buildConfig()
{
    auto *page = new QWidget(this);
    m_configView = tableFor(m_config, page);
    auto *name = new QLineEdit(page);
    name->setPlaceholderText(tr(":name"));
    auto *value = new QLineEdit(page);
    value->setPlaceholderText(tr("JSON value"));
    auto *set = new QPushButton(tr("Set"), page);
    auto *remove = new QPushButton(tr("Remove"), page);
    auto *row = new QHBoxLayout;
    row->addWidget(name, 1);
    row->addWidget(value, 2);
    row->addWidget(set);
    row->addWidget(remove);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_configView, 1);
    layout->addLayout(row);
    connect(set, &QPushButton::clicked, this, [this, name, value] {
        if (!name->text().trimmed().isEmpty())
            m_config->setAttribute(name->text().trimmed(), ConfigAttributesModel::parseData(value->text()));
    });
    connect(remove, &QPushButton::clicked, this,
            [this] { m_config->removeAttribute(m_configView->currentIndex().row()); });
    return page;
}

void DetailsPanel::setItem(ExplorerNode::Kind kind, const QJsonObject &object)
{
    using Kind = ExplorerNode::Kind;
    m_kind = kind;
    m_object = object;
    m_loadedFor.clear();
    m_notice->hide();
    for (RecordListModel *model :
         {static_cast<RecordListModel *>(m_properties), static_cast<RecordListModel *>(m_notes),
          static_cast<RecordListModel *>(m_locations), static_cast<RecordListModel *>(m_config)})
        model->clear();

    const bool device = kind == Kind::Device;
    m_tabs->setTabVisible(m_tabs->indexOf(m_propertiesTab), device || kind == Kind::Project);
    m_tabs->setTabVisible(m_tabs->indexOf(m_notesTab),
                          device || kind == Kind::Project || kind == Kind::Stream);
    m_tabs->setTabVisible(m_tabs->indexOf(m_locationsTab), device);
    m_tabs->setTabVisible(m_tabs->indexOf(m_configTab), kind != Kind::Stream && kind != Kind::Root);
    m_tabs->setEnabled(kind != Kind::Root);
    fillOverview();
    loadCurrentTab();
}

void DetailsPanel::addRow(const QString &label, const QString &value)
{
    if (value.isEmpty())
        return;
    auto *field = new QLabel(value, m_overview);
    field->setTextInteractionFlags(Qt::TextSelectableByMouse);
    field->setWordWrap(true);
    m_form->addRow(label, field);
}

void DetailsPanel::fillOverview()
{
    using Kind = ExplorerNode::Kind;
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    m_labelEditor->setVisible(m_kind == Kind::Device);
    const QJsonObject &o = m_object;
    switch (m_kind) {
    case Kind::Root:
        m_title->setText(tr("Select an organization, project, device or stream."));
        return;
    case Kind::Org:
        m_title->setText(tr("Organization %1").arg(text(o, "name")));
        addRow(tr("ID:"), text(o, "slug"));
        addRow(tr("About:"), text(o, "about"));
        addRow(tr("Created:"), date(o, "created_on"));
        addRow(tr("Created by:"), text(o, "created_by"));
        break;
    case Kind::Project:
        m_title->setText(tr("Project %1").arg(text(o, "name")));
        addRow(tr("ID:"), text(o, "slug"));
        addRow(tr("UUID:"), text(o, "id"));
        addRow(tr("Organization:"), text(o, "org"));
        addRow(tr("About:"), text(o, "about"));
        addRow(tr("Created:"), date(o, "created_on"));
        addRow(tr("Created by:"), text(o, "created_by"));
        break;
    case Kind::Device: {
        const QString label = text(o, "label");
        m_title->setText(tr("Device %1").arg(label.isEmpty() ? text(o, "slug") : label));
        m_label->setText(label);
        addRow(tr("ID:"), text(o, "slug"));
        addRow(tr("External ID:"), text(o, "external_id"));
        addRow(tr("Active:"), text(o, "active"));
        addRow(tr("State:"), text(o, "state"));
        addRow(tr("Sensor graph:"), text(o, "sg"));
        addRow(tr("Template:"), text(o, "template"));
        addRow(tr("Organization:"), text(o, "org"));
        if (o.value(QLatin1String("lat")).isString() || o.value(QLatin1String("lat")).isDouble())
            addRow(tr("Position:"), tr("%1, %2").arg(text(o, "lat"), text(o, "lon")));
        addRow(tr("Claimed by:"), text(o, "claimed_by"));
        addRow(tr("Claimed:"), date(o, "claimed_on"));
        addRow(tr("Created:"), date(o, "created_on"));
        break;
    }
    case Kind::Stream: {
        QString name = text(o, "data_label");
        if (name.isEmpty())
            name = text(o, "var_name");
        m_title->setText(tr("Stream %1").arg(name.isEmpty() ? text(o, "slug") : name));
        addRow(tr("ID:"), text(o, "slug"));
        addRow(tr("Variable:"), text(o, "variable"));
        addRow(tr("Variable type:"), text(o, "var_type"));
        const QJsonObject unit = o.value(QLatin1String("output_unit")).toObject();
        addRow(tr("Output unit:"), text(unit, "unit_full"));
        addRow(tr("Data type:"), text(o, "data_type"));
        addRow(tr("Enabled:"), text(o, "enabled"));
        addRow(tr("Created:"), date(o, "created_on"));
        break;
    }
    }
}

void DetailsPanel::loadCurrentTab()
{
    using Kind = ExplorerNode::Kind;
    QWidget *page = m_tabs->currentWidget();
    const QString slug = m_object.value(QLatin1String("slug")).toString();
    if (m_kind == Kind::Root || m_loadedFor.value(page) == slug)
        return;
    m_loadedFor.insert(page, slug);
    if (page == m_propertiesTab) {
        if (m_kind == Kind::Device)
            m_properties->setOwner(QStringLiteral("/api/v1/device/%1/").arg(slug));
        else if (m_kind == Kind::Project)
            m_properties->setOwner(
                QStringLiteral("/api/v1/project/%1/").arg(m_object.value(QLatin1String("id")).toString()));
    } else if (page == m_notesTab) {
        m_notes->setTarget(slug);
    } else if (page == m_locationsTab) {
        m_locations->setTarget(slug);
    } else if (page == m_configTab) {
        m_config->setTarget(m_kind == Kind::Org ? QLatin1Char('^') + slug : slug);
    }
}

void DetailsPanel::saveLabel(const QString &label)
{
    if (m_kind != ExplorerNode::Kind::Device)
        return;
    const QString slug = m_object.value(QLatin1String("slug")).toString();
    api::ApiReply *reply = m_api->patch(QStringLiteral("/api/v1/device/%1/").arg(slug),
                                        QJsonObject {{QStringLiteral("label"), label}});
    connect(reply, &api::ApiReply::finished, this, [this, reply, slug] {
        if (!reply->isOk()) {
            m_notice->showMessage(ErrorText::describe(reply->error()), NoticeBar::Level::Error);
            return;
        }
        const QJsonObject updated = reply->object();
        if (m_object.value(QLatin1String("slug")).toString() == slug) {
            m_object = updated;
            fillOverview();
        }
        emit objectChanged(updated);
    });
}

} // namespace iotile
