/** How a transition reads on the chart: `EVENT [guard]`, the way statecharts are written. */
import type { StatechartTransition, TransitionTrigger } from "./StatechartGraph.ts"

const triggerLabel = (trigger: TransitionTrigger): string => {
  switch (trigger.kind) {
    case "event":
      return trigger.event
    case "always":
      return "always"
    case "after":
      return `after ${trigger.delay}`
  }
}

export const transitionLabel = (transition: StatechartTransition): string => {
  const trigger = triggerLabel(transition.trigger)
  return transition.guard === null ? trigger : `${trigger} [${transition.guard}]`
}
