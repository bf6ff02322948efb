"""Guessing where an imported note belongs: its topic (by service keywords) and its exam task.

Topic ids match the built-in corpus where one exists, so reviewed drafts join the same topic
(`awsprep drill --topic sqs`). Notes about something no topic covers get a topic named after the
section they sit in.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from awsprep.content.exam import TASKS, domain_of


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    services: tuple[str, ...]
    task: str  # the task statement most of its notes belong to
    keywords: tuple[str, ...]  # regular expressions, matched case-insensitively on word boundaries

    @property
    def domain(self) -> int:
        return domain_of(self.task)


TOPICS: tuple[Topic, ...] = (
    Topic("sqs", "Amazon SQS", ("Amazon SQS",), "1.1", (r"sqs", r"simple queue service", r"dead[- ]letter queues?", r"visibility timeout", r"long polling", r"fifo queues?")),
    Topic("sns", "Amazon SNS", ("Amazon SNS",), "1.1", (r"sns", r"simple notification service", r"fan[- ]?out")),
    Topic("kinesis", "Amazon Kinesis Data Streams and Amazon Data Firehose", ("Amazon Kinesis Data Streams", "Amazon Data Firehose"), "1.1",
          (r"kinesis", r"firehose", r"kcl", r"kpl")),
    Topic("eventbridge", "Amazon EventBridge", ("Amazon EventBridge",), "1.1", (r"eventbridge", r"event bridge", r"cloudwatch events")),
    Topic("step-functions", "AWS Step Functions", ("AWS Step Functions",), "1.1",
          (r"step functions?", r"state machines?", r"states language", r"express workflows?", r"standard workflows?")),
    Topic("api-gateway", "Amazon API Gateway", ("Amazon API Gateway",), "1.1", (r"api gateway", r"apigateway", r"api gw", r"usage plans?", r"stage variables?")),
    Topic("lambda", "AWS Lambda", ("AWS Lambda",), "1.2", (r"lambda", r"lambdas", r"lamda", r"faas", r"cold starts?", r"event source mappings?")),
    Topic("dynamodb", "Amazon DynamoDB", ("Amazon DynamoDB",), "1.3", (r"dynamo ?db", r"dax", r"gsi", r"lsi", r"rcus?", r"wcus?")),
    Topic("s3", "Amazon S3", ("Amazon S3",), "1.3", (r"s3", r"simple storage service", r"glacier", r"pre-?signed urls?", r"buckets?")),
    Topic("data-stores", "Choosing and using data stores", ("Amazon RDS", "Amazon Aurora", "Amazon EBS", "Amazon EFS", "Amazon Athena"), "1.3",
          (r"rds", r"aurora", r"relational databases?", r"read replicas?", r"athena", r"ebs", r"efs", r"elastic block store",
           r"elastic file system", r"instance store", r"gp[23]", r"io[12]", r"redshift", r"databases?")),
    Topic("elasticache", "Amazon ElastiCache", ("Amazon ElastiCache",), "1.3",
          (r"elasticache", r"redis", r"memcached", r"lazy loading", r"write[- ]through", r"cache[- ]aside", r"cach(?:e|ing) strateg(?:y|ies)")),
    Topic("iam", "AWS Identity and Access Management (IAM)", ("AWS IAM",), "2.1",
          (r"iam", r"identity and access management", r"iam polic(?:y|ies)", r"least privilege", r"iam roles?", r"access analyzer",
           r"permissions? boundar(?:y|ies)", r"trust polic(?:y|ies)", r"instance profiles?")),
    Topic("sts", "AWS Security Token Service (STS) and federation", ("AWS STS",), "2.1",
          (r"sts", r"security token service", r"assume ?role", r"federation", r"get ?session ?token", r"saml", r"single sign-on", r"sso")),
    Topic("cognito", "Amazon Cognito", ("Amazon Cognito",), "2.1", (r"cognito", r"user pools?", r"identity pools?")),
    Topic("kms", "AWS Key Management Service (KMS)", ("AWS KMS",), "2.2",
          (r"kms", r"key management service", r"envelope encryption", r"data keys?", r"generatedatakey\w*", r"cmks?", r"customer master keys?")),
    Topic("encryption", "Encryption at rest and in transit", ("Amazon S3", "AWS Certificate Manager", "AWS KMS"), "2.2",
          (r"encryption", r"encrypt\w*", r"sse-?(?:s3|kms|c)", r"acm", r"certificate manager", r"ssl", r"tls", r"https")),
    Topic("secrets", "Secrets Manager, Parameter Store and secrets in Lambda", ("AWS Secrets Manager", "AWS Systems Manager Parameter Store"), "2.3",
          (r"secrets? manager", r"parameter store", r"systems manager", r"ssm", r"secrets?")),
    Topic("cloudformation", "AWS CloudFormation", ("AWS CloudFormation",), "3.1",
          (r"cloud ?formation", r"cfn", r"change ?sets?", r"stack ?sets?", r"nested stacks?", r"intrinsic functions?", r"fn::\w+", r"!(?:ref|sub|getatt)")),
    Topic("sam", "AWS Serverless Application Model (SAM)", ("AWS SAM",), "3.1", (r"sam", r"serverless application mod[ae]l", r"sam cli", r"samconfig")),
    Topic("cdk", "AWS Cloud Development Kit (CDK)", ("AWS CDK",), "3.1", (r"cdk", r"cloud development kit", r"constructs?")),
    Topic("containers", "Containers: Amazon ECR, ECS, Fargate and EKS", ("Amazon ECR", "Amazon ECS", "AWS Fargate", "Amazon EKS"), "3.1",
          (r"ecs", r"ecr", r"eks", r"fargate", r"docker", r"containers?", r"task definitions?", r"kubernetes", r"elastic container \w+")),
    Topic("elastic-beanstalk", "AWS Elastic Beanstalk", ("AWS Elastic Beanstalk",), "3.4",
          (r"elastic ?bean ?stalk", r"beanstalk", r"ebextensions", r"\.ebextensions", r"eb cli")),
    Topic("codecommit", "AWS CodeCommit", ("AWS CodeCommit",), "3.4", (r"code ?commit",)),
    Topic("codebuild", "AWS CodeBuild", ("AWS CodeBuild",), "3.4", (r"code ?build", r"buildspec(?:\.yml)?")),
    Topic("codedeploy", "AWS CodeDeploy", ("AWS CodeDeploy",), "3.4", (r"code ?deploy", r"appspec(?:\.yml)?", r"deployment groups?")),
    Topic("codepipeline", "AWS CodePipeline", ("AWS CodePipeline",), "3.4", (r"code ?pipeline", r"code ?star", r"ci/cd", r"continuous (?:integration|delivery|deployment)")),
    Topic("cloudwatch", "Amazon CloudWatch", ("Amazon CloudWatch",), "4.2", (r"cloud ?watch", r"cw logs", r"metric filters?", r"alarms?")),
    Topic("xray", "AWS X-Ray and distributed tracing", ("AWS X-Ray",), "4.2", (r"x-?ray", r"tracing", r"traces?", r"segments?", r"annotations?")),
    Topic("troubleshooting", "Troubleshooting, error codes and observability practice", ("AWS CloudTrail",), "4.1",
          (r"cloud ?trail", r"troubleshoot\w*", r"debug\w*", r"[45]\d\d errors?")),
    Topic("cloudfront", "Amazon CloudFront", ("Amazon CloudFront",), "4.3", (r"cloud ?front", r"lambda@edge", r"edge locations?", r"origin access")),
    Topic("ec2", "Amazon EC2", ("Amazon EC2",), "1.1",
          (r"ec2", r"elastic compute cloud", r"amis?", r"instance metadata", r"imds", r"user data", r"(?:reserved|spot|on[- ]demand|dedicated) instances?",
           r"instance types?", r"ssh")),
    Topic("elb-asg", "Elastic Load Balancing and EC2 Auto Scaling", ("Elastic Load Balancing", "Amazon EC2 Auto Scaling"), "4.3",
          (r"elb", r"alb", r"nlb", r"clb", r"load balanc\w+", r"auto ?scaling", r"asgs?", r"target groups?", r"sticky sessions?", r"cross[- ]zone")),
    Topic("networking", "Amazon VPC and Route 53", ("Amazon VPC", "Amazon Route 53"), "1.1",
          (r"vpcs?", r"subnets?", r"nat gateways?", r"internet gateways?", r"nacls?", r"network acls?", r"security groups?", r"route ?53",
           r"dns", r"cname", r"alias records?", r"direct connect", r"vpc endpoints?", r"privatelink", r"flow logs", r"peering", r"ephemeral ports")),
    Topic("cli-sdk", "AWS CLI and SDKs", ("AWS CLI", "AWS SDKs"), "1.1",
          (r"aws cli", r"cli", r"sdks?", r"credentials? (?:provider|chain|file)", r"sigv4", r"signature version 4", r"exponential backoff",
           r"--dry-run", r"--profile", r"named profiles?", r"access keys?")),
    Topic("appsync", "AWS AppSync", ("AWS AppSync",), "1.1", (r"appsync", r"graphql")),
    Topic("ses", "Amazon SES", ("Amazon SES",), "1.1", (r"ses", r"simple email service")),
)
BY_ID = {topic.id: topic for topic in TOPICS}
_PATTERNS = [(topic, re.compile(r"(?<![\w@-])(?:" + "|".join(topic.keywords) + r")(?![\w@])", re.IGNORECASE)) for topic in TOPICS]

# Keywords that point at a task statement. Scored on the card's own words (and, more weakly, its
# section titles); the topic's usual task breaks ties and is the default.
TASK_KEYWORDS: dict[str, tuple[str, ...]] = {
    "1.1": (r"sqs", r"sns", r"kinesis", r"eventbridge", r"step functions?", r"api gateway", r"sdks?", r"retr(?:y|ies)", r"backoff",
            r"idempoten\w+", r"cors", r"appsync", r"graphql", r"messag\w+", r"queues?", r"decoupl\w+", r"fan[- ]?out", r"event[- ]driven"),
    "1.2": (r"lambda", r"layers?", r"cold starts?", r"handler", r"event source mappings?", r"destinations?", r"/tmp", r"execution context",
            r"reserved concurrency", r"function url", r"lambda@edge"),
    "1.3": (r"dynamo ?db", r"rds", r"aurora", r"elasticache", r"s3", r"rcus?", r"wcus?", r"gsi", r"lsi", r"dax", r"partition keys?",
            r"sort keys?", r"consisten\w+", r"query", r"scan", r"read replicas?", r"storage class\w*", r"tables?", r"items?", r"caching strateg\w+",
            r"lazy loading", r"write[- ]through", r"databases?", r"ebs", r"efs", r"athena"),
    "2.1": (r"iam", r"cognito", r"sts", r"assume ?role", r"polic(?:y|ies)", r"federat\w+", r"saml", r"oidc", r"jwt", r"authori[sz]\w+",
            r"authenticat\w+", r"user pools?", r"identity pools?", r"mfa", r"bearer tokens?", r"cross[- ]account", r"permissions?",
            r"principals?", r"roles?", r"least privilege", r"security groups?", r"nacls?"),
    "2.2": (r"kms", r"encrypt\w*", r"decrypt\w*", r"sse-?\w*", r"acm", r"certificates?", r"tls", r"ssl", r"https", r"envelope",
            r"data keys?", r"cmks?", r"key rotation", r"at rest", r"in transit", r"in-flight"),
    "2.3": (r"secrets? manager", r"parameter store", r"secrets?", r"credentials?", r"passwords?", r"pii", r"sensitive", r"mask\w*",
            r"environment variables?", r"rotat\w+", r"connection strings?", r"api keys?"),
    "3.1": (r"sam", r"cdk", r"cloud ?formation", r"templates?", r"package", r"ecr", r"container images?", r"docker\w*", r"artifacts?",
            r"dependenc\w+", r"zip", r"buildspec", r"stacks?", r"task definitions?", r"bootstrap\w*"),
    "3.2": (r"sam local", r"local(?:ly)?", r"test events?", r"stage variables?", r"mock\w*", r"unit tests?", r"dev environments?",
            r"sandbox", r"emulat\w+"),
    "3.3": (r"canary", r"traffic shift\w*", r"linear", r"integration tests?", r"weighted alias\w*", r"test stage", r"pre- ?traffic",
            r"post- ?traffic"),
    "3.4": (r"code ?pipeline", r"code ?build", r"code ?deploy", r"code ?commit", r"elastic beanstalk", r"beanstalk", r"deploy\w*",
            r"blue[/ -]green", r"rolling", r"immutable", r"all at once", r"appspec", r"hooks?", r"rollbacks?", r"roll back", r"ci/cd",
            r"pipelines?", r"releases?"),
    "4.1": (r"troubleshoot\w*", r"errors?", r"[45]xx", r"[45]\d\d", r"throttl\w+", r"cloud ?trail", r"debug\w*", r"exceptions?",
            r"access denied", r"timeouts?", r"fail\w*", r"root cause", r"logs insights"),
    "4.2": (r"x-?ray", r"cloud ?watch", r"metrics?", r"alarms?", r"logs?", r"logging", r"trac(?:e|es|ing)", r"annotations?", r"segments?",
            r"dashboards?", r"monitor\w*", r"observability", r"instrument\w*", r"sampling"),
    "4.3": (r"cach(?:e|es|ing)", r"cloud ?front", r"provisioned concurrency", r"memory", r"performance", r"cost\w*", r"latency",
            r"throughput", r"shard\w*", r"auto ?scal\w+", r"optimi[sz]\w+", r"scal(?:e|ing|ability)", r"cdn", r"edge"),
}
_TASK_PATTERNS = {task: re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w])", re.IGNORECASE) for task, words in TASK_KEYWORDS.items()}


def match(text: str) -> Topic | None:
    """The topic named earliest in `text` (the longer keyword wins a tie), or None."""
    best: tuple[int, int, Topic] | None = None
    for topic, pattern in _PATTERNS:
        found = pattern.search(text)
        if found and (best is None or (found.start(), -len(found.group(0))) < (best[0], best[1])):
            best = (found.start(), -len(found.group(0)), topic)
    return best[2] if best else None


def keyword_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` names a service or feature that a topic knows ("SQS", "visibility timeout")."""
    return [(found.start(), found.end()) for _, pattern in _PATTERNS for found in pattern.finditer(text)]


def feature_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` names a feature or concept the exam tasks are about ("reserved concurrency", "layers")."""
    return [(found.start(), found.end()) for pattern in _TASK_PATTERNS.values() for found in pattern.finditer(text)]


def guess_topic(context: list[str], text: str) -> Topic | None:
    """The nearest section title that names a topic, else the card's own words, else farther titles."""
    if context:
        nearest = match(context[-1])
        if nearest:
            return nearest
    own = match(text)
    if own:
        return own
    for title in reversed(context[:-1]):
        found = match(title)
        if found:
            return found
    return None


def guess_task(text: str, context: list[str], topic: Topic | None) -> str:
    """The DVA-C02 task statement whose keywords the note hits most; the topic's task breaks ties."""
    scores: Counter[str] = Counter()
    for task, pattern in _TASK_PATTERNS.items():
        scores[task] += 2 * len(pattern.findall(text))
        scores[task] += sum(len(pattern.findall(title)) for title in context[-2:])
    if topic is not None:
        scores[topic.task] += 3
    if not scores or max(scores.values()) <= 0:
        return topic.task if topic else "1.1"
    best = max(scores.values())
    winners = [task for task in TASKS if scores[task] == best]
    return topic.task if topic is not None and topic.task in winners else winners[0]
