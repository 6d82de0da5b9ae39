"""The policykg vocabulary (``pol:``) as an rdflib ``DefinedNamespace``.

The core terms are the public interface of ``VOCABULARY.md``; ``ontology.ttl`` documents every
term listed here (a test keeps the two in step).
"""
from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

POL_IRI = "https://w3id.org/policykg#"
ID_BASE = "https://w3id.org/policykg/id/"


class POL(DefinedNamespace):
    """Classes and properties of policykg (``https://w3id.org/policykg#``)."""

    _NS = Namespace(POL_IRI)
    _fail = True

    # classes
    PolicyDocument: URIRef  # any document known by its title and/or 文号
    Plan: URIRef  # a document whose text was processed (subclass of PolicyDocument)
    Section: URIRef  # a node of the plan's outline
    Task: URIRef  # one unit of work governed by one responsibility annotation
    Department: URIRef  # a government body named as responsible
    Institution: URIRef  # a named organisation that is not a government department (its kinds below)
    University: URIRef  # an Institution: 大学, 学院
    ResearchInstitute: URIRef  # an Institution: 研究院, 研究所, 科学院, 研究中心
    Laboratory: URIRef  # an Institution: 实验室, 重点实验室
    Enterprise: URIRef  # an Institution: 公司, 集团, 银行, 煤矿
    Hospital: URIRef  # an Institution: 医院, 卫生院
    School: URIRef  # an Institution: 学校, 中学, 党校
    ParkOrZone: URIRef  # an Institution: 园区, 开发区, 高新区, 自贸试验区, 基地
    Association: URIRef  # an Institution: 协会, 学会, 联盟, 委员会
    PlatformOrCentre: URIRef  # an Institution: 平台, 中心, 人才市场
    Fund: URIRef  # an Institution: 基金
    Target: URIRef  # a quantified goal
    DepartmentType: URIRef  # the skos:Concept scheme of department kinds
    DepartmentPair: URIRef  # two departments that share tasks, over all plans (derived at build time)

    # core properties (VOCABULARY.md)
    text: URIRef
    inPlan: URIRef
    inSection: URIRef
    responsibleDepartment: URIRef
    leadDepartment: URIRef
    supportingDepartment: URIRef
    mentions: URIRef
    cites: URIRef
    documentNumber: URIRef
    implements: URIRef
    hasTarget: URIRef
    indicator: URIRef
    targetValue: URIRef
    unit: URIRef
    comparator: URIRef
    departmentType: URIRef
    region: URIRef
    sourceStart: URIRef
    sourceEnd: URIRef

    # extensions
    annotation: URIRef  # the responsibility annotation of a task, as printed
    position: URIRef  # 1-based order of a task, section or target within its plan
    marker: URIRef  # a section's outline marker or a table row's number, as printed: 一、 (一) 1、
    deadline: URIRef  # when a task is due, as printed: 2021年底前
    depth: URIRef  # a section's depth in the outline, 1 = top
    parentSection: URIRef  # the enclosing outline node
    indicatorKey: URIRef  # the indicator normalised across plans (no 全区/全市, simplified)
    normalizedValue: URIRef  # targetValue with 万/亿 multiplied out
    baseUnit: URIRef  # unit without its 万/亿 prefix
    targetYear: URIRef  # the year a target is due, when given
    upperValue: URIRef  # the upper bound of a range (1~2所 → 2); targetValue is the lower bound
    normalizedUpperValue: URIRef  # upperValue with 万/亿 multiplied out
    perUnit: URIRef  # the unit a norm applies to: 每个街(镇), 每万人口
    governmentLevel: URIRef  # national, province, city, district, county …
    complete: URIRef  # false when the source is an excerpt
    sourceFile: URIRef  # the source file's name
    textSha256: URIRef  # digest of the extracted text that spans refer to
    firstDepartment: URIRef  # DepartmentPair → the department whose IRI sorts first
    secondDepartment: URIRef  # DepartmentPair → the other department
    sharedTask: URIRef  # DepartmentPair → each task both departments are responsible for
    sharedTaskCount: URIRef  # DepartmentPair → how many tasks they share
    sharedTaskList: URIRef  # DepartmentPair → the shared tasks as "plan#position first words", in order
